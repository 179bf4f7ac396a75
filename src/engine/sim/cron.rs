//! CronJob schedules as the CronJob controller reads them: the five-field cron syntax and its `@` descriptors, and the next scheduled minute.

/// One field's allowed values as a bit set, and whether it was written as
/// `*` or `?` (which changes how day-of-month and day-of-week combine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Field {
    bits: u64,
    star: bool,
}

impl Field {
    fn has(self, v: u32) -> bool {
        self.bits & (1 << v) != 0
    }
}

/// A parsed schedule: minute, hour, day of month, month, day of week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    minute: Field,
    hour: Field,
    dom: Field,
    month: Field,
    dow: Field,
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Parses one value: a number, or a month or day name.
fn value(s: &str, min: u32, names: &[&str]) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let lower = s.to_ascii_lowercase();
    names
        .iter()
        .position(|n| *n == lower)
        .map(|i| i as u32 + min)
}

/// Parses one field: a comma list of `*`, `?`, `a`, `a-b`, each with an
/// optional `/step` (`a/step` runs to the maximum).
fn field(text: &str, min: u32, max: u32, names: &[&str]) -> Option<Field> {
    let mut out = Field {
        bits: 0,
        star: false,
    };
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s.parse::<u32>().ok().filter(|s| *s > 0)?)),
            None => (part, None),
        };
        let (start, end, star) = if range == "*" || range == "?" {
            (min, max, true)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a, min, names)?, value(b, min, names)?, false)
        } else {
            let a = value(range, min, names)?;
            (a, if step.is_some() { max } else { a }, false)
        };
        if start < min || end > max || start > end {
            return None;
        }
        let step = step.unwrap_or(1);
        out.star |= star && step == 1;
        let mut v = start;
        while v <= end {
            out.bits |= 1 << v;
            v += step;
        }
    }
    Some(out)
}

impl Schedule {
    /// Parses a schedule as the CronJob controller does: five fields
    /// (minute hour day-of-month month day-of-week) or a descriptor
    /// (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
    /// `@midnight`, `@hourly`). `None` for anything else (`@every` included).
    ///
    /// Mirrors `ParseStandard` in robfig/cron v3 `parser.go`, which
    /// `pkg/controller/cronjob` uses.
    pub fn parse(text: &str) -> Option<Schedule> {
        let text = text.trim();
        let expanded = match text.to_ascii_lowercase().as_str() {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => text,
        };
        let f: Vec<&str> = expanded.split_whitespace().collect();
        let [mi, h, dom, mo, dow] = f.as_slice() else {
            return None;
        };
        Some(Schedule {
            minute: field(mi, 0, 59, &[])?,
            hour: field(h, 0, 23, &[])?,
            dom: field(dom, 1, 31, &[])?,
            month: field(mo, 1, 12, MONTHS)?,
            dow: field(dow, 0, 6, DAYS)?,
        })
    }

    /// Whether the day matches: day of month and day of week must both
    /// match when either is `*`, else either one may (`dayMatches`).
    fn day_matches(&self, day: u32, weekday: u32) -> bool {
        let (d, w) = (self.dom.has(day), self.dow.has(weekday));
        if self.dom.star || self.dow.star {
            d && w
        } else {
            d || w
        }
    }

    /// The first scheduled minute at or after `unix_seconds` (UTC), as Unix
    /// seconds; `None` when none comes within five years (`30 2 31 2 *`).
    ///
    /// Mirrors `SpecSchedule.Next` in robfig/cron v3 `spec.go`, from one
    /// second before `unix_seconds`.
    pub fn next_at_or_after(&self, unix_seconds: i64) -> Option<i64> {
        let mut minute = unix_seconds.div_euclid(60) + i64::from(unix_seconds % 60 != 0);
        let limit = minute + 5 * 366 * 1440;
        while minute < limit {
            let days = minute.div_euclid(1440);
            let (_, month, day) = civil_from_days(days);
            let weekday = (days + 4).rem_euclid(7) as u32; // 1970-01-01 was a Thursday
            if !self.month.has(month) || !self.day_matches(day, weekday) {
                minute = (days + 1) * 1440;
                continue;
            }
            let in_day = minute - days * 1440;
            let (hour, min) = ((in_day / 60) as u32, (in_day % 60) as u32);
            if !self.hour.has(hour) {
                minute = days * 1440 + i64::from(hour + 1) * 60;
                continue;
            }
            if self.minute.has(min) {
                return Some(minute * 60);
            }
            minute += 1;
        }
        None
    }
}

/// Year, month (1–12) and day (1–31) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds.
pub fn rfc3339(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-01-01T00:00:00Z, a Thursday.
    const NEW_YEAR: i64 = 1_767_225_600;

    /// Schedules and their first run from 2026-01-01T00:00:00Z, worked out
    /// from the cron rules (robfig/cron's `TestNext` cases are of this shape).
    #[test]
    fn next_run_table() {
        let rows = [
            ("0 * * * *", Some("2026-01-01T00:00:00Z"), "hourly: now"),
            ("0 3 * * *", Some("2026-01-01T03:00:00Z"), "daily at 3"),
            (
                "*/15 * * * *",
                Some("2026-01-01T00:00:00Z"),
                "every 15 minutes",
            ),
            (
                "30 2 * * 1",
                Some("2026-01-05T02:30:00Z"),
                "Mondays (the 5th)",
            ),
            ("0 0 * * SAT", Some("2026-01-03T00:00:00Z"), "a day name"),
            ("0 0 1 FEB *", Some("2026-02-01T00:00:00Z"), "a month name"),
            (
                "0 0 13 * 5",
                Some("2026-01-02T00:00:00Z"),
                "day of month or Friday: Friday the 2nd",
            ),
            ("0 0 13 * *", Some("2026-01-13T00:00:00Z"), "day of month"),
            (
                "0 0 29 2 *",
                Some("2028-02-29T00:00:00Z"),
                "the next 29 February",
            ),
            (
                "@weekly",
                Some("2026-01-04T00:00:00Z"),
                "descriptor: Sunday",
            ),
            (
                "@yearly",
                Some("2026-01-01T00:00:00Z"),
                "descriptor: new year",
            ),
            (
                "5-10/5 1,2 * * *",
                Some("2026-01-01T01:05:00Z"),
                "ranges, steps and lists",
            ),
            ("0 0 31 2 *", None, "never"),
        ];
        for (text, want, label) in rows {
            let s = Schedule::parse(text).unwrap_or_else(|| panic!("{label}: parse {text}"));
            assert_eq!(
                s.next_at_or_after(NEW_YEAR).map(rfc3339).as_deref(),
                want,
                "{label}"
            );
        }
    }

    #[test]
    fn invalid_schedules_table() {
        let rows = [
            ("* * * *", "four fields"),
            ("60 * * * *", "minute out of range"),
            ("* * 0 * *", "day of month 0"),
            ("* * * 13 *", "month 13"),
            ("*/0 * * * *", "step 0"),
            ("@every 1h", "@every is not read"),
            ("5-1 * * * *", "backwards range"),
        ];
        for (text, label) in rows {
            assert_eq!(Schedule::parse(text), None, "{label}");
        }
    }

    #[test]
    fn civil_dates_table() {
        let rows = [
            (0, "1970-01-01T00:00:00Z"),
            (NEW_YEAR, "2026-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
        ];
        for (secs, want) in rows {
            assert_eq!(rfc3339(secs), want);
        }
    }
}
