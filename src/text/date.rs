//! Dates for the crates that take chrono's type (Atom feeds, iCalendar); Beacon keeps `time`'s.

/// The same calendar day as a `chrono` date.
pub fn to_chrono(date: time::Date) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(date.year(), u32::from(u8::from(date.month())), u32::from(date.day()))
        .expect("every date `time` holds is a date chrono holds")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_day() {
        let day = super::to_chrono(time::macros::date!(2027 - 02 - 28));
        assert_eq!(day.to_string(), "2027-02-28");
    }
}
