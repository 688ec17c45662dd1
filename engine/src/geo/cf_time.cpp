#include "lantern/geo/cf_time.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <regex>

namespace lantern::geo {

namespace {

enum class Calendar { Standard, ProlepticGregorian, Julian, NoLeap, AllLeap, Day360 };

std::optional<Calendar> parseCalendar(std::string name)
{
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name.empty() || name == "standard" || name == "gregorian")
        return Calendar::Standard;
    if (name == "proleptic_gregorian")
        return Calendar::ProlepticGregorian;
    if (name == "julian")
        return Calendar::Julian;
    if (name == "noleap" || name == "365_day")
        return Calendar::NoLeap;
    if (name == "all_leap" || name == "366_day")
        return Calendar::AllLeap;
    if (name == "360_day")
        return Calendar::Day360;
    return std::nullopt;
}

// Day numbers. Gregorian and Julian: Julian Day Numbers (integers at noon; only differences matter here).
int64_t gregorianToJdn(int64_t y, int64_t m, int64_t d)
{
    const int64_t a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}
int64_t julianToJdn(int64_t y, int64_t m, int64_t d)
{
    const int64_t a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - 32083;
}
void jdnToGregorian(int64_t jdn, int& y, int& m, int& d)
{
    const int64_t a = jdn + 32044, b = (4 * a + 3) / 146097, c = a - 146097 * b / 4;
    const int64_t dd = (4 * c + 3) / 1461, e = c - 1461 * dd / 4, mm = (5 * e + 2) / 153;
    d = static_cast<int>(e - (153 * mm + 2) / 5 + 1);
    m = static_cast<int>(mm + 3 - 12 * (mm / 10));
    y = static_cast<int>(100 * b + dd - 4800 + mm / 10);
}
void jdnToJulian(int64_t jdn, int& y, int& m, int& d)
{
    const int64_t c = jdn + 32082, dd = (4 * c + 3) / 1461, e = c - 1461 * dd / 4, mm = (5 * e + 2) / 153;
    d = static_cast<int>(e - (153 * mm + 2) / 5 + 1);
    m = static_cast<int>(mm + 3 - 12 * (mm / 10));
    y = static_cast<int>(dd - 4800 + mm / 10);
}
constexpr int64_t kGregorianStartJdn = 2299161; // 1582-10-15

const int kNoLeapMonths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
const int kLeapMonths[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

int64_t toDayNumber(Calendar cal, int y, int m, int d)
{
    switch (cal) {
    case Calendar::ProlepticGregorian:
        return gregorianToJdn(y, m, d);
    case Calendar::Julian:
        return julianToJdn(y, m, d);
    case Calendar::Standard: {
        const int64_t g = gregorianToJdn(y, m, d);
        return g >= kGregorianStartJdn ? g : julianToJdn(y, m, d);
    }
    case Calendar::NoLeap:
    case Calendar::AllLeap: {
        const int* months = cal == Calendar::NoLeap ? kNoLeapMonths : kLeapMonths;
        int64_t n = static_cast<int64_t>(y) * (cal == Calendar::NoLeap ? 365 : 366);
        for (int i = 0; i < m - 1; ++i)
            n += months[i];
        return n + d - 1;
    }
    case Calendar::Day360:
        return static_cast<int64_t>(y) * 360 + (m - 1) * 30 + d - 1;
    }
    return 0;
}

void fromDayNumber(Calendar cal, int64_t n, int& y, int& m, int& d)
{
    switch (cal) {
    case Calendar::ProlepticGregorian:
        jdnToGregorian(n, y, m, d);
        return;
    case Calendar::Julian:
        jdnToJulian(n, y, m, d);
        return;
    case Calendar::Standard:
        if (n >= kGregorianStartJdn)
            jdnToGregorian(n, y, m, d);
        else
            jdnToJulian(n, y, m, d);
        return;
    case Calendar::NoLeap:
    case Calendar::AllLeap: {
        const int len = cal == Calendar::NoLeap ? 365 : 366;
        const int* months = cal == Calendar::NoLeap ? kNoLeapMonths : kLeapMonths;
        int64_t yy = n >= 0 ? n / len : -((-n + len - 1) / len);
        int64_t rest = n - yy * len;
        m = 1;
        while (rest >= months[m - 1]) {
            rest -= months[m - 1];
            ++m;
        }
        y = static_cast<int>(yy);
        d = static_cast<int>(rest + 1);
        return;
    }
    case Calendar::Day360: {
        int64_t yy = n >= 0 ? n / 360 : -((-n + 359) / 360);
        const int64_t rest = n - yy * 360;
        y = static_cast<int>(yy);
        m = static_cast<int>(rest / 30 + 1);
        d = static_cast<int>(rest % 30 + 1);
        return;
    }
    }
}

} // namespace

std::optional<CivilTime> decodeCfTime(double value, const std::string& units, const std::string& calendar)
{
    static const std::regex pattern(
        R"(^\s*(\w+)\s+since\s+(-?\d{1,5})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?\s*(?:Z|UTC|([+-])(\d{1,2})(?::?(\d{2}))?)?\s*$)",
        std::regex::icase);
    const auto cal = parseCalendar(calendar);
    std::smatch m;
    if (!cal || !std::isfinite(value) || std::abs(value) > 1e15 || !std::regex_match(units, m, pattern))
        return std::nullopt;
    std::string unit = m[1].str();
    std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!unit.empty() && unit.back() == 's')
        unit.pop_back();
    double secondsPerUnit = 0;
    bool calendarMonths = false, calendarYears = false;
    if (unit == "day" || unit == "d")
        secondsPerUnit = 86400;
    else if (unit == "hour" || unit == "hr" || unit == "h")
        secondsPerUnit = 3600;
    else if (unit == "minute" || unit == "min")
        secondsPerUnit = 60;
    else if (unit == "second" || unit == "sec")
        secondsPerUnit = 1;
    else if (unit == "month")
        calendarMonths = true;
    else if (unit == "year")
        calendarYears = true;
    else
        return std::nullopt;

    const int y0 = std::stoi(m[2].str()), mo0 = std::stoi(m[3].str()), d0 = std::stoi(m[4].str());
    if (mo0 < 1 || mo0 > 12 || d0 < 1 || d0 > 31)
        return std::nullopt;
    const double h0 = m[5].matched ? std::stod(m[5].str()) : 0, mi0 = m[6].matched ? std::stod(m[6].str()) : 0;
    const double seconds0 = m[7].matched ? std::stod(m[7].str()) : 0;
    double s0 = seconds0;
    if (m[8].matched) {
        // "since 1970-01-01 00:00 -06:00": the reference is local time, 6 h behind UTC; labels are UTC (as cftime)
        const double zone = std::stod(m[9].str()) * 3600 + (m[10].matched ? std::stod(m[10].str()) * 60 : 0);
        s0 += m[8].str() == "-" ? zone : -zone;
    }

    CivilTime t;
    if ((calendarMonths || calendarYears) && value == std::floor(value)) {
        // whole months or years: calendar arithmetic, keeping the reference day and time
        int64_t months = static_cast<int64_t>(value) * (calendarYears ? 12 : 1) + (mo0 - 1);
        int64_t years = months >= 0 ? months / 12 : -((-months + 11) / 12);
        t.year = static_cast<int>(y0 + years);
        t.month = static_cast<int>(months - years * 12 + 1);
        // "months since 2000-01-31" + 1: the last day of February, not 31 February
        int ny = 0, nm = 0, nd = 0;
        fromDayNumber(*cal, toDayNumber(*cal, t.year, t.month, 1) + 31, ny, nm, nd); // a day in the next month
        const int64_t nextFirst = toDayNumber(*cal, ny, nm, 1);
        const int length = static_cast<int>(nextFirst - toDayNumber(*cal, t.year, t.month, 1));
        t.day = std::min(d0, std::max(1, length));
        t.hour = static_cast<int>(h0);
        t.minute = static_cast<int>(mi0);
        t.second = seconds0; // (a time zone on whole-month units is not applied)
        return t;
    }
    if (calendarMonths)
        secondsPerUnit = 30.436875 * 86400; // UDUNITS' month: a twelfth of a mean Gregorian year
    if (calendarYears)
        secondsPerUnit = 365.2425 * 86400;

    const double offset = value * secondsPerUnit + h0 * 3600 + mi0 * 60 + s0;
    const double days = std::floor(offset / 86400.0);
    double rest = offset - days * 86400.0;
    rest = std::round(rest * 1000.0) / 1000.0; // millisecond resolution against float noise
    int64_t dayNumber = toDayNumber(*cal, y0, mo0, d0) + static_cast<int64_t>(days);
    if (rest >= 86400.0) {
        rest -= 86400.0;
        ++dayNumber;
    }
    fromDayNumber(*cal, dayNumber, t.year, t.month, t.day);
    t.hour = static_cast<int>(rest / 3600);
    t.minute = static_cast<int>((rest - t.hour * 3600) / 60);
    t.second = rest - t.hour * 3600 - t.minute * 60;
    return t;
}

std::string formatCivilTime(const CivilTime& t)
{
    char text[64];
    if (t.hour == 0 && t.minute == 0 && t.second < 0.5)
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", t.year, t.month, t.day);
    else
        std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
    return text;
}

std::vector<std::string> cfTimeLabels(const std::vector<double>& values, const std::string& units,
                                      const std::string& calendar)
{
    std::vector<std::string> labels;
    labels.reserve(values.size());
    for (double v : values) {
        if (const auto t = decodeCfTime(v, units, calendar)) {
            labels.push_back(formatCivilTime(*t));
        } else {
            char text[48];
            std::snprintf(text, sizeof text, "%g", v);
            labels.push_back(units.empty() ? std::string("t=") + text : units + " " + text);
        }
    }
    return labels;
}

} // namespace lantern::geo
