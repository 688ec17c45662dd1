#pragma once
// Runs engine work off the GUI thread. All engine calls go through ONE worker thread, in order, because a
// Model is not thread-safe; the GUI thread never touches the model while work runs. Each task belongs to a
// channel ("explain", "activations", ...): a new task on a channel cancels the one still running there and
// results of superseded tasks are dropped. Work returns a closure that is applied on the GUI thread, so
// results arrive by value; exceptions never cross into slots — they become failed() signals.

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace lantern::gui {

struct TaskContext {
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double)> progress; ///< 0..1, throttled, safe to call from the worker
    /// Posts `apply` to the GUI thread while the task still runs (live previews); dropped once superseded.
    std::function<void(std::function<void()> apply)> post;
};

class TaskRunner : public QObject {
    Q_OBJECT
public:
    using Apply = std::function<void()>;
    using Work = std::function<Apply(const TaskContext&)>;

    explicit TaskRunner(QObject* parent = nullptr);
    ~TaskRunner() override;

    /// Queues `work` on the engine thread. `label` is shown with the progress.
    void run(const QString& channel, const QString& label, Work work);
    void cancel(const QString& channel);
    void cancelAll();
    bool isBusy() const { return m_running > 0; }
    /// Blocks until all queued work is done (tests, shutdown).
    void waitForIdle();

signals:
    void busyChanged(bool busy);
    void progress(const QString& channel, const QString& label, double fraction);
    void started(const QString& channel, const QString& label);
    void finished(const QString& channel);
    void failed(const QString& channel, const QString& label, const QString& message);

private:
    struct Slot {
        uint64_t generation = 0;
        std::shared_ptr<std::atomic<bool>> cancel;
    };
    bool isCurrent(const QString& channel, uint64_t generation) const;

    QThreadPool m_pool;
    std::map<QString, Slot> m_slots;
    int m_running = 0;
};

} // namespace lantern::gui
