//! A small raw DEFLATE (RFC 1951) encoder for share links: greedy LZ77 over
//! a 32 KB window with hash chains, written as one block with the fixed
//! Huffman codes (§3.2.6). It compresses YAML a little less than zlib's
//! level 9 but is a fraction of its code size, which matters in the
//! playground's WebAssembly. Any inflater reads its output.

/// Longest back-reference (§3.2.5).
const MAX_MATCH: usize = 258;
/// Shortest back-reference worth writing.
const MIN_MATCH: usize = 3;
/// The window: how far back a reference may point.
const WINDOW: usize = 32 * 1024;
/// Candidates tried per position (more: smaller output, slower).
const MAX_CHAIN: usize = 48;
const HASH_BITS: u32 = 15;

/// Length codes 257..=285: base lengths and extra bits.
const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distance codes 0..=29: base distances and extra bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Bits written least-significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: written most-significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }

    /// A literal/length symbol with the fixed code of §3.2.6.
    fn symbol(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xC0 + sym - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// Index of the last table entry whose base is at most `v`.
fn bucket(base: &[u16], v: usize) -> usize {
    base.iter().rposition(|&b| usize::from(b) <= v).unwrap_or(0)
}

fn hash(data: &[u8], i: usize) -> usize {
    let v = u32::from(data[i]) << 16 | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// `data` as a raw DEFLATE stream.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::with_capacity(data.len() / 3 + 16),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // BFINAL: the only block
    bits.put(1, 2); // BTYPE 01: fixed Huffman codes
                    // head[h]: latest position + 1 with hash h; prev[i % WINDOW]: the one before.
    let mut head = vec![0u32; 1 << HASH_BITS];
    let mut prev = vec![0u32; WINDOW];
    let insert = |head: &mut Vec<u32>, prev: &mut Vec<u32>, i: usize| {
        if i + MIN_MATCH <= data.len() {
            let h = hash(data, i);
            prev[i % WINDOW] = head[h];
            head[h] = i as u32 + 1;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        if i + MIN_MATCH <= data.len() {
            let max = MAX_MATCH.min(data.len() - i);
            let mut cand = head[hash(data, i)] as usize;
            let mut chain = MAX_CHAIN;
            while cand > 0 && chain > 0 {
                let j = cand - 1;
                if i - j > WINDOW - 1 {
                    break;
                }
                let len = data[j..]
                    .iter()
                    .zip(&data[i..i + max])
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best_len {
                    (best_len, best_dist) = (len, i - j);
                    if len == max {
                        break;
                    }
                }
                let next = prev[j % WINDOW] as usize;
                if next >= cand {
                    break; // an entry from a wrapped-around window slot
                }
                cand = next;
                chain -= 1;
            }
        }
        if best_len >= MIN_MATCH {
            let l = bucket(&LEN_BASE, best_len);
            bits.symbol(257 + l as u32);
            bits.put(
                (best_len - usize::from(LEN_BASE[l])) as u32,
                u32::from(LEN_EXTRA[l]),
            );
            let d = bucket(&DIST_BASE, best_dist);
            bits.code(d as u32, 5);
            bits.put(
                (best_dist - usize::from(DIST_BASE[d])) as u32,
                u32::from(DIST_EXTRA[d]),
            );
            for k in i..i + best_len {
                insert(&mut head, &mut prev, k);
            }
            i += best_len;
        } else {
            bits.symbol(u32::from(data[i]));
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    bits.symbol(256); // end of block
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(data: &[u8]) -> usize {
        let packed = compress(data);
        let back = miniz_oxide::inflate::decompress_to_vec(&packed).expect("valid DEFLATE");
        assert_eq!(back, data, "len {}", data.len());
        packed.len()
    }

    #[test]
    fn any_inflater_reads_it_back() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(b"ab");
        round_trip(b"abcabcabcabcabcabc");
        round_trip(&[0u8; 100_000]);
        round_trip(&(0..=255u8).cycle().take(70_000).collect::<Vec<_>>());
        let mut seed = 1u64;
        let noise: Vec<u8> = (0..50_000)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                (seed >> 56) as u8
            })
            .collect();
        round_trip(&noise);
        // Matches that reach back across the whole window, and past it.
        let mut far = noise[..40_000].to_vec();
        far.extend_from_slice(&noise[..40_000]);
        round_trip(&far);
    }

    #[test]
    fn yaml_compresses_well() {
        let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\n".repeat(50);
        let n = round_trip(yaml.as_bytes());
        assert!(n * 20 < yaml.len(), "{n} of {}", yaml.len());
    }
}
