#include "lantern/io/isolation.h"

#include "io/hdf5_handle.h"

#include "lantern/error.h"

#include <csignal>
#include <algorithm>
#include <cstring>
#include <thread>

#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Under the sanitizers and libFuzzer a death callback writes the crashing input as a finding; the child's crash is
// an expected outcome that the parent reports, so the child clears it (weak: absent in normal builds).
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace lantern::io {

Hdf5CallLock& hdf5CallMutex()
{
    static Hdf5CallLock lock;
    return lock;
}

void runIsolated(const std::string& subject, const std::string& library, const std::function<void()>& body,
                 std::chrono::milliseconds timeout)
{
    pid_t pid = -1;
    {
        // no thread of this process is inside libhdf5 while it forks (see hdf5CallMutex)
        const std::lock_guard hdf5Lock(hdf5CallMutex());
        pid = ::fork();
    }
    if (pid < 0)
        throw IoError(subject + ": cannot start a process to check it with " + library + " (" +
                      std::strerror(errno) + ")");
    if (pid == 0) {
        if (__sanitizer_set_death_callback)
            __sanitizer_set_death_callback(nullptr);
        for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT})
            std::signal(sig, SIG_DFL);
        try {
            body();
        } catch (...) {
            // errors are the caller's to see in-process; only a crash is the child's news
        }
        ::_exit(0);
    }
    // wait for the child's end or the timeout: on a pidfd (Linux 5.3+) with poll, else by polling waitpid
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    auto pause = std::chrono::microseconds(50);
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR) {
            const int error = errno;
            if (pidfd >= 0)
                ::close(pidfd);
            throw IoError(subject + ": lost the process checking it with " + library + " (" + std::strerror(error) +
                          ")");
        }
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            if (pidfd >= 0)
                ::close(pidfd);
            throw IoError(subject + ": " + library + " did not finish reading it within " +
                          std::to_string(timeout.count() / 1000) + " s (corrupt file?)");
        }
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
            (void)::poll(&p, 1, static_cast<int>(std::min<int64_t>(ms, 1000)));
        } else {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds(20000));
        }
    }
    if (pidfd >= 0)
        ::close(pidfd);
    if (WIFSIGNALED(status))
        throw ChildCrashedError(subject + ": " + library + " crashed while reading it (signal " +
                      std::to_string(WTERMSIG(status)) + ", " + strsignal(WTERMSIG(status)) +
                      "); the file is corrupt or uses a feature the library mishandles");
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        throw ChildCrashedError(subject + ": " + library + " failed while reading it (the checking process exited with status " +
                      std::to_string(WEXITSTATUS(status)) + "); the file is corrupt or uses a feature the library "
                      "mishandles");
}

} // namespace lantern::io
