//! A hasher whose values are the same on every target, for derived names.

/// A [`std::hash::Hasher`] whose value is the same on every target (64-bit
/// state, the FxHash construction, eight bytes at a time), for the values
/// that become names: a pod-template-hash must read the same in the CLI and
/// in the WebAssembly playground. `rustc_hash::FxHasher` is `usize`-wide (its
/// values differ on wasm32), so it only keys hash maps and in-memory fingerprints.
#[derive(Clone, Copy, Debug, Default)]
pub struct StableHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl StableHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            if let Ok(w) = <[u8; 8]>::try_from(c) {
                self.add(u64::from_le_bytes(w));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let w = rest
                .iter()
                .rev()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            self.add(w);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// FNV-1a, a small stable hash for deterministic names and addresses.
pub fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
