#include "progress.h"

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace lantern::cli {

std::string durationText(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

Progress::Progress(std::string label, std::string unit)
    : m_label(std::move(label)), m_unit(std::move(unit)), m_tty(isatty(fileno(stderr)) != 0),
      m_start(std::chrono::steady_clock::now()), m_lastLine(m_start), m_lastDraw(m_start)
{
}

std::string Progress::rateText(long done, long total, double seconds) const
{
    if (m_unit.empty() || m_first < 0 || done <= m_first || seconds <= 0)
        return {};
    const double rate = double(done - m_first) / seconds;
    char text[96];
    std::snprintf(text, sizeof text, "  %.*f %s/s  %s left", rate < 10 ? 1 : 0, rate, m_unit.c_str(),
                  durationText(double(total - done) / rate).c_str());
    return text;
}

void Progress::begin(long done)
{
    m_first = done;
    m_start = std::chrono::steady_clock::now();
}

void Progress::update(long done, long total, const std::string& detail)
{
    if (m_quiet)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_first < 0) {
        m_first = done;
        m_start = now;
    }
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const long percent = total > 0 ? done * 100 / total : 100;
    const std::string rate = rateText(done, total, seconds);
    char counts[64] = "";
    if (!m_unit.empty())
        std::snprintf(counts, sizeof counts, " %ld/%ld", done, total);
    if (m_tty) {
        if (done < total && now - m_lastDraw < std::chrono::milliseconds(100) && percent == m_lastPercent)
            return;
        m_lastDraw = now;
        m_lastPercent = percent;
        const int width = 30;
        const int filled = static_cast<int>(percent * width / 100);
        std::fprintf(stderr, "\r%s [%.*s%*s] %3ld%%%s%s %s\033[K", m_label.c_str(), filled,
                     "##############################", width - filled, "", percent, counts, rate.c_str(),
                     detail.c_str());
        std::fflush(stderr);
    } else if (percent / 10 != m_lastPercent / 10 || now - m_lastLine >= std::chrono::seconds(30)) {
        m_lastPercent = percent;
        m_lastLine = now;
        std::fprintf(stderr, "%s %ld%%%s%s %s\n", m_label.c_str(), percent, counts, rate.c_str(),
                     detail.c_str());
        std::fflush(stderr);
    }
}

void Progress::finish(const std::string& detail)
{
    if (m_quiet)
        return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    if (m_tty)
        std::fprintf(stderr, "\r%s done in %s %s\033[K\n", m_label.c_str(), durationText(seconds).c_str(),
                     detail.c_str());
}

} // namespace lantern::cli
