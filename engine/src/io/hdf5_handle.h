#pragma once
// Internal to the engine: an owning HDF5 identifier and the most specific message of HDF5's error stack, shared by
// the readers (io/hdf5_file.cpp) and the snapshot store (snapshots/).

#include <hdf5.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <string>
#include <utility>

namespace lantern::io {

/// A recursive lock that survives fork(): its owner is std::thread::id (pthread_self, which the forked child keeps)
/// rather than the kernel thread id std::recursive_mutex records, so a child forked while its parent's thread held it
/// can release it and take it again.
class Hdf5CallLock {
public:
    void lock()
    {
        const std::thread::id self = std::this_thread::get_id();
        if (m_owner.load() == self) {
            ++m_depth;
            return;
        }
        m_mutex.lock();
        m_owner.store(self);
        m_depth = 1;
    }
    void unlock()
    {
        if (--m_depth == 0) {
            m_owner.store(std::thread::id());
            m_mutex.unlock();
        }
    }

private:
    std::mutex m_mutex;
    std::atomic<std::thread::id> m_owner{};
    int m_depth = 0;
};

/// Held around every sequence of HDF5 calls in Lantern and around fork() in runIsolated (io/isolation.h). Debian's
/// libhdf5 is thread-safe through one global lock held for the length of each call; a process forked while another
/// thread is inside a call would start with that lock taken and hang. Never hold it while probing a file (the probe
/// takes it itself, and its own lock is taken before this one).
Hdf5CallLock& hdf5CallMutex();

/// Owns one HDF5 identifier and closes it with the matching function.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer) : m_id(id), m_closer(closer) {}
    Handle(Handle&& o) noexcept : m_id(o.m_id), m_closer(o.m_closer) { o.m_id = -1; }
    Handle& operator=(Handle&& o) noexcept
    {
        std::swap(m_id, o.m_id);
        std::swap(m_closer, o.m_closer);
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle()
    {
        if (m_id >= 0 && m_closer)
            m_closer(m_id);
    }
    bool valid() const { return m_id >= 0; }
    hid_t get() const { return m_id; }

private:
    hid_t m_id = -1;
    Closer m_closer = nullptr;
};

/// The most specific message of the current HDF5 error stack (empty when there is none).
inline std::string hdf5Detail()
{
    std::string detail;
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_DOWNWARD,
        [](unsigned, const H5E_error2_t* err, void* data) -> herr_t {
            if (err && err->desc && *err->desc)
                *static_cast<std::string*>(data) = err->desc;
            return 0;
        },
        &detail);
    return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

} // namespace lantern::io
