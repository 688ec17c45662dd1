#pragma once
// Runs a piece of work in a forked child process so that a crash in a third-party file library (HDF5 on a
// corrupt file, for example) ends the child, not the application, and becomes an IoError naming the file.
// The child shares nothing with the caller afterwards: it exits without running exit handlers or flushing
// anything the caller has open.

#include <chrono>
#include <functional>
#include <string>

#include "lantern/error.h"

namespace lantern::io {

/// The child crashed, aborted or exited with a nonzero status while doing the work: a verdict on the input (a
/// timeout, or a child that could not be started or watched, is a plain IoError: it may pass another time).
class ChildCrashedError : public IoError {
public:
    using IoError::IoError;
};

/// Runs `body` in a child process and waits for it. Returns normally when the child finished `body` (whether
/// `body` returned or threw: exceptions stay in the child, the caller repeats the work in-process to see them).
/// Throws ChildCrashedError "<subject>: <library> crashed while reading it (signal N, ...)" when the child was killed
/// by a signal or exited abnormally (a sanitizer report, an abort), and IoError "<subject>: <library> did not finish
/// reading it within N s" when it ran past `timeout` (the child is killed).
void runIsolated(const std::string& subject, const std::string& library, const std::function<void()>& body,
                 std::chrono::milliseconds timeout);

} // namespace lantern::io
