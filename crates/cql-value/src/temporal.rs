//! CQL `Date`, `DateTime` and `Time` values with precision, and calendar helpers
//! (CQL 1.5 §1.2 "Date and time", Appendix H "Time interval calculations").
//!
//! Fields finer than a value's precision are held at their minimum (month 1, day 1,
//! hour 0, ...) and must be ignored; `precision` says which fields are known.

use std::fmt;

/// Date/time precision, coarsest first. `Week` never appears as a value's precision; it is
/// only a unit for `duration`/`difference`/arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Year.
    Year,
    /// Month.
    Month,
    /// Week (operations only).
    Week,
    /// Day.
    Day,
    /// Hour.
    Hour,
    /// Minute.
    Minute,
    /// Second.
    Second,
    /// Millisecond.
    Millisecond,
}

impl Precision {
    /// Parses a precision keyword (`year`, `years`, `Month`, ...).
    pub fn parse(word: &str) -> Option<Precision> {
        let w = word.trim().to_ascii_lowercase();
        let w = w.strip_suffix('s').unwrap_or(&w);
        Some(match w {
            "year" => Precision::Year,
            "month" => Precision::Month,
            "week" => Precision::Week,
            "day" => Precision::Day,
            "hour" => Precision::Hour,
            "minute" => Precision::Minute,
            "second" => Precision::Second,
            "millisecond" => Precision::Millisecond,
            _ => return None,
        })
    }

    /// Singular lower-case name (`day`).
    pub fn name(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Week => "week",
            Precision::Day => "day",
            Precision::Hour => "hour",
            Precision::Minute => "minute",
            Precision::Second => "second",
            Precision::Millisecond => "millisecond",
        }
    }

    /// Index of the DateTime field (0 year .. 6 millisecond); Week maps to day.
    pub fn field_index(self) -> usize {
        match self {
            Precision::Year => 0,
            Precision::Month => 1,
            Precision::Week | Precision::Day => 2,
            Precision::Hour => 3,
            Precision::Minute => 4,
            Precision::Second => 5,
            Precision::Millisecond => 6,
        }
    }

    /// Precision of a DateTime field index (0..=6).
    pub fn from_field_index(i: usize) -> Precision {
        [
            Precision::Year,
            Precision::Month,
            Precision::Day,
            Precision::Hour,
            Precision::Minute,
            Precision::Second,
            Precision::Millisecond,
        ][i.min(6)]
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// True for Gregorian leap years.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month (1..=12) of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if is_leap(year) {
                29
            } else {
                28
            }
        }
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = year as i64 - if month <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + if m <= 2 { 1 } else { 0 }) as i32, m, d)
}

/// A CQL Date: year 1..=9999, optional month and day (see `precision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// Year (1..=9999).
    pub year: i32,
    /// Month (1..=12; 1 when beyond precision).
    pub month: u8,
    /// Day (1..=31; 1 when beyond precision).
    pub day: u8,
    /// Year, Month or Day.
    pub precision: Precision,
}

impl Date {
    /// Builds a validated date; fields beyond `precision` are ignored.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        let (m, d, p) = match (month, day) {
            (None, None) => (1, 1, Precision::Year),
            (Some(m), None) => (m, 1, Precision::Month),
            (Some(m), Some(d)) => (m, d, Precision::Day),
            (None, Some(_)) => return None,
        };
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(year, m) {
            return None;
        }
        Some(Date {
            year,
            month: m,
            day: d,
            precision: p,
        })
    }

    /// Field values (year, month, day) up to the precision, `None` beyond it.
    pub fn fields(&self) -> [Option<i32>; 3] {
        let p = self.precision.field_index();
        [
            Some(self.year),
            (p >= 1).then_some(self.month as i32),
            (p >= 2).then_some(self.day as i32),
        ]
    }
}

/// A CQL DateTime: date and time fields with precision plus a timezone offset in minutes
/// (always present: a DateTime written without one takes the evaluation request's offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Year (1..=9999).
    pub year: i32,
    /// Month 1..=12.
    pub month: u8,
    /// Day 1..=31.
    pub day: u8,
    /// Hour 0..=23.
    pub hour: u8,
    /// Minute 0..=59.
    pub minute: u8,
    /// Second 0..=59.
    pub second: u8,
    /// Millisecond 0..=999.
    pub millisecond: u16,
    /// Finest known field (never `Week`).
    pub precision: Precision,
    /// Offset from UTC in minutes (e.g. +120 for `+02:00`).
    pub offset: i32,
}

impl DateTime {
    /// Builds a validated DateTime from the fields up to the first `None`.
    pub fn from_fields(f: [Option<i32>; 7], offset: i32) -> Option<DateTime> {
        let year = f[0]?;
        let mut n = 1;
        while n < 7 && f[n].is_some() {
            n += 1;
        }
        if f[n..].iter().any(|x| x.is_some()) {
            return None;
        }
        let get = |i: usize, dflt: i32| if i < n { f[i].unwrap_or(dflt) } else { dflt };
        let (mo, d, h, mi, s, ms) = (
            get(1, 1),
            get(2, 1),
            get(3, 0),
            get(4, 0),
            get(5, 0),
            get(6, 0),
        );
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(year, mo as u8) as i32
            || !(0..=23).contains(&h)
            || !(0..=59).contains(&mi)
            || !(0..=59).contains(&s)
            || !(0..=999).contains(&ms)
            || !(-14 * 60..=14 * 60).contains(&offset)
        {
            return None;
        }
        Some(DateTime {
            year,
            month: mo as u8,
            day: d as u8,
            hour: h as u8,
            minute: mi as u8,
            second: s as u8,
            millisecond: ms as u16,
            precision: Precision::from_field_index(n - 1),
            offset,
        })
    }

    /// Field values up to the precision (`None` beyond it).
    pub fn fields(&self) -> [Option<i32>; 7] {
        let p = self.precision.field_index();
        let all = [
            self.year,
            self.month as i32,
            self.day as i32,
            self.hour as i32,
            self.minute as i32,
            self.second as i32,
            self.millisecond as i32,
        ];
        let mut out = [None; 7];
        for (i, v) in all.iter().enumerate() {
            if i <= p {
                out[i] = Some(*v);
            }
        }
        out
    }

    /// Milliseconds since 1970-01-01T00:00 in this value's local time (offset ignored).
    pub fn local_ms(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400_000
            + self.hour as i64 * 3_600_000
            + self.minute as i64 * 60_000
            + self.second as i64 * 1000
            + self.millisecond as i64
    }

    /// Milliseconds since the Unix epoch (UTC).
    pub fn epoch_ms(&self) -> i64 {
        self.local_ms() - self.offset as i64 * 60_000
    }

    /// Rebuilds from local milliseconds keeping precision and with the given offset;
    /// `None` when the year leaves 1..=9999.
    pub fn from_local_ms(ms: i64, precision: Precision, offset: i32) -> Option<DateTime> {
        let days = ms.div_euclid(86_400_000);
        let rem = ms.rem_euclid(86_400_000);
        let (y, m, d) = civil_from_days(days);
        if !(1..=9999).contains(&y) {
            return None;
        }
        Some(DateTime {
            year: y,
            month: m,
            day: d,
            hour: (rem / 3_600_000) as u8,
            minute: (rem / 60_000 % 60) as u8,
            second: (rem / 1000 % 60) as u8,
            millisecond: (rem % 1000) as u16,
            precision,
            offset,
        })
    }

    /// The same instant expressed at another offset. Values coarser than hour precision
    /// are returned with the new offset and unchanged fields (their instant is not known).
    pub fn to_offset(&self, offset: i32) -> DateTime {
        if self.precision < Precision::Hour || offset == self.offset {
            return DateTime { offset, ..*self };
        }
        let ms = self.local_ms() + (offset - self.offset) as i64 * 60_000;
        DateTime::from_local_ms(ms, self.precision, offset).unwrap_or(DateTime { offset, ..*self })
    }

    /// The date part (up to day precision).
    pub fn date(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: self.day,
            precision: self.precision.min(Precision::Day),
        }
    }

    /// The time part, `None` when the value has no hour.
    pub fn time(&self) -> Option<Time> {
        if self.precision < Precision::Hour {
            return None;
        }
        Some(Time {
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            millisecond: self.millisecond,
            precision: self.precision,
        })
    }
}

/// A CQL Time of day with precision Hour..Millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Time {
    /// Hour 0..=23.
    pub hour: u8,
    /// Minute 0..=59.
    pub minute: u8,
    /// Second 0..=59.
    pub second: u8,
    /// Millisecond 0..=999.
    pub millisecond: u16,
    /// Hour, Minute, Second or Millisecond.
    pub precision: Precision,
}

impl Time {
    /// Builds a validated Time from fields up to the first `None` (hour required).
    pub fn from_fields(f: [Option<i32>; 4]) -> Option<Time> {
        let mut n = 1;
        f[0]?;
        while n < 4 && f[n].is_some() {
            n += 1;
        }
        if f[n..].iter().any(|x| x.is_some()) {
            return None;
        }
        let g = |i: usize| f[i].unwrap_or(0);
        if !(0..=23).contains(&g(0))
            || !(0..=59).contains(&g(1))
            || !(0..=59).contains(&g(2))
            || !(0..=999).contains(&g(3))
        {
            return None;
        }
        Some(Time {
            hour: g(0) as u8,
            minute: g(1) as u8,
            second: g(2) as u8,
            millisecond: g(3) as u16,
            precision: Precision::from_field_index(n + 2),
        })
    }

    /// Field values (hour, minute, second, millisecond) up to the precision.
    pub fn fields(&self) -> [Option<i32>; 4] {
        let p = self.precision.field_index();
        let all = [
            self.hour as i32,
            self.minute as i32,
            self.second as i32,
            self.millisecond as i32,
        ];
        let mut out = [None; 4];
        for (i, v) in all.iter().enumerate() {
            if i + 3 <= p {
                out[i] = Some(*v);
            }
        }
        out
    }

    /// Milliseconds since midnight.
    pub fn ms_of_day(&self) -> i64 {
        self.hour as i64 * 3_600_000
            + self.minute as i64 * 60_000
            + self.second as i64 * 1000
            + self.millisecond as i64
    }

    /// Builds from milliseconds since midnight (must be in 0..86_400_000).
    pub fn from_ms(ms: i64, precision: Precision) -> Time {
        let ms = ms.rem_euclid(86_400_000);
        Time {
            hour: (ms / 3_600_000) as u8,
            minute: (ms / 60_000 % 60) as u8,
            second: (ms / 1000 % 60) as u8,
            millisecond: (ms % 1000) as u16,
            precision,
        }
    }
}
