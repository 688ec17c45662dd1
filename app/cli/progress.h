#pragma once
// Progress of a long command on stderr: a one-line bar with rate and time left when stderr is a terminal, plain
// lines (every 10 % or 30 s) when it is a file or pipe (batch jobs, Slurm logs).

#include <chrono>
#include <string>

namespace lantern::cli {

class Progress {
public:
    /// `unit` names what is counted ("samples"); the rate is shown when given.
    explicit Progress(std::string label, std::string unit = {});
    /// `done` of `total`; `detail` is appended. Counts before the first update (resumed work) do not enter the rate.
    void update(long done, long total, const std::string& detail = {});
    void finish(const std::string& detail = {});
    /// Starts the clock of the rate at `done` (work already there, e.g. resumed, does not count).
    void begin(long done);
    /// Silences the bar (MPI ranks other than 0).
    void setQuiet(bool quiet) { m_quiet = quiet; }

private:
    std::string rateText(long done, long total, double seconds) const;

    std::string m_label, m_unit;
    bool m_tty;
    bool m_quiet = false;
    long m_lastPercent = -1;
    long m_first = -1;
    std::chrono::steady_clock::time_point m_start, m_lastLine, m_lastDraw;
};

/// "1:05:09" / "4:07" for seconds.
std::string durationText(double seconds);

} // namespace lantern::cli
