//! Text widths and shortening to a box, and number formatting for SVG
//! attributes (no font metrics in the DOM: fixed per-character widths).

/// Width of a character of `.graph__detail` (10 px monospace: 0.6 em).
pub(super) fn mono_10(_: char) -> f64 {
    6.0
}

/// Width of a character of `.graph__port-label` (9 px monospace).
pub(super) fn mono_9(_: char) -> f64 {
    5.4
}

/// Width of a character of `.graph__label` (600 13 px sans-serif), as
/// DejaVu Sans Bold draws it, the widest font of the stack (narrower ones
/// leave some room): narrow, wide and other characters.
pub(super) fn sans_13_bold(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | '\'' | '|' | '!' => 4.5,
        'f' | 't' | 'r' | '-' | '(' | ')' | '/' | ' ' | '1' => 6.2,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 13.0,
        c if c.is_ascii_uppercase() => 10.0,
        _ => 8.8,
    }
}

/// Width of a character of `.graph__group-label` (11 px sans-serif): the
/// bold 13 px widths scaled down.
pub(super) fn sans_11(c: char) -> f64 {
    sans_13_bold(c) * 0.8
}

/// `s` shortened with `…` to fit `room` pixels, `width` giving each
/// character's: in the middle for names (their ends tell pods apart: the
/// workload and the hash), at the end otherwise.
pub(super) fn fit_text(s: &str, room: f64, width: fn(char) -> f64, middle: bool) -> String {
    let total: f64 = s.chars().map(width).sum();
    if total <= room {
        return s.to_string();
    }
    let room = room - width('…');
    let chars: Vec<char> = s.chars().collect();
    let (mut head, mut tail, mut used) = (0, 0, 0.0);
    // Take characters from the front (and, for names, alternately from the
    // back) while they fit.
    loop {
        let from_back = middle && tail < head;
        let c = if from_back {
            chars[chars.len() - 1 - tail]
        } else {
            chars[head]
        };
        if head + tail == chars.len() || used + width(c) > room {
            break;
        }
        used += width(c);
        if from_back {
            tail += 1;
        } else {
            head += 1;
        }
    }
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Formats a coordinate with at most two decimals using integer arithmetic:
/// the float formatter alone would add about 10 KB to the WebAssembly.
pub(in crate::ui) fn num(v: f64) -> String {
    let hundredths = (v * 100.0).round();
    if !hundredths.is_finite() || hundredths.abs() > 1e15 {
        return "0".into();
    }
    let n = hundredths as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (int, frac) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
    match frac {
        0 => format!("{sign}{int}"),
        f if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
        f => format!("{sign}{int}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    pub(super) fn coordinates_format_like_numbers() {
        for (v, s) in [
            (0.0, "0"),
            (12.0, "12"),
            (-8.0, "-8"),
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (12.34567, "12.35"),
            (-0.004, "0"),
            (f64::NAN, "0"),
        ] {
            assert_eq!(super::num(v), s, "{v}");
        }
    }

    #[test]
    pub(super) fn long_texts_are_shortened_to_their_box() {
        use super::fit_text;
        let ten = |_: char| 10.0;
        assert_eq!(fit_text("web-ok", 100.0, ten, true), "web-ok");
        assert_eq!(
            fit_text("web-crashing-7d9f8b6c5d-x2x4q", 100.0, ten, true),
            "web-c…2x4q"
        );
        assert_eq!(
            fit_text("1/2 CrashLoopBackOff · 10.244.123.201", 100.0, ten, false),
            "1/2 Crash…"
        );
        assert_eq!(fit_text("ünïcödé-name", 50.0, ten, false), "ünïc…");
        assert_eq!(fit_text("abc", 0.0, ten, true), "…");
        // Wide characters take more room.
        let wide = |c: char| if c == 'm' { 20.0 } else { 10.0 };
        assert_eq!(fit_text("mmmmaaaa", 70.0, wide, false), "mmm…");
    }
}
