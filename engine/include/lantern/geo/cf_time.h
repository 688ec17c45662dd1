#pragma once
// CF time coordinates: "<unit> since <date>[ <time>]" with the calendars of the CF conventions.

#include <optional>
#include <string>
#include <vector>

namespace lantern::geo {

struct CivilTime {
    int year = 0, month = 1, day = 1, hour = 0, minute = 0;
    double second = 0;
};

/// Decodes `value` in `units` ("days since 1850-01-01 00:00:00", "hours since 1900-1-1", "months since ...",
/// "seconds since ...") under `calendar` (standard/gregorian (Julian before 1582-10-15), proleptic_gregorian,
/// julian, noleap/365_day, all_leap/366_day, 360_day; empty means standard). std::nullopt when the units are not
/// a CF time ("Month", "1") or the calendar is unknown.
std::optional<CivilTime> decodeCfTime(double value, const std::string& units, const std::string& calendar);

/// "YYYY-MM-DD" (with " HH:MM" when not midnight).
std::string formatCivilTime(const CivilTime& t);

/// Labels for a whole axis: decoded dates, or "<units> <value>" when the units are not a CF time.
std::vector<std::string> cfTimeLabels(const std::vector<double>& values, const std::string& units,
                                      const std::string& calendar);

} // namespace lantern::geo
