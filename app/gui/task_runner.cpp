#include "task_runner.h"

#include "lantern/error.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>

#include <exception>
#include <mutex>

namespace lantern::gui {

TaskRunner::TaskRunner(QObject* parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

TaskRunner::~TaskRunner()
{
    cancelAll();
    m_pool.waitForDone();
}

bool TaskRunner::isCurrent(const QString& channel, uint64_t generation) const
{
    const auto it = m_slots.find(channel);
    return it != m_slots.end() && it->second.generation == generation;
}

void TaskRunner::run(const QString& channel, const QString& label, Work work)
{
    Slot& slot = m_slots[channel];
    if (slot.cancel)
        slot.cancel->store(true);
    slot.cancel = std::make_shared<std::atomic<bool>>(false);
    const uint64_t generation = ++slot.generation;
    const auto cancel = slot.cancel;
    if (m_running++ == 0)
        emit busyChanged(true);
    QPointer<TaskRunner> self(this);

    auto finish = [self, channel] {
        if (!self)
            return;
        emit self->finished(channel);
        if (--self->m_running == 0)
            emit self->busyChanged(false);
    };

    m_pool.start([self, channel, label, work = std::move(work), cancel, generation, finish] {
        if (cancel->load()) {
            QMetaObject::invokeMethod(self, finish, Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(
            self,
            [self, channel, label] {
                if (self)
                    emit self->started(channel, label);
            },
            Qt::QueuedConnection);
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        auto lock = std::make_shared<std::mutex>();
        TaskContext ctx;
        ctx.cancel = cancel.get();
        ctx.progress = [self, channel, label, timer, lock](double f) {
            std::lock_guard guard(*lock);
            if (timer->elapsed() < 50 && f < 1.0)
                return;
            timer->restart();
            QMetaObject::invokeMethod(
                self,
                [self, channel, label, f] {
                    if (self)
                        emit self->progress(channel, label, f);
                },
                Qt::QueuedConnection);
        };
        ctx.post = [self, channel, generation](std::function<void()> apply) {
            QMetaObject::invokeMethod(
                self,
                [self, channel, generation, apply = std::move(apply)] {
                    if (self && self->isCurrent(channel, generation))
                        apply();
                },
                Qt::QueuedConnection);
        };
        Apply apply;
        QString error;
        try {
            apply = work(ctx);
        } catch (const CancelledError&) {
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = tr("unknown error");
        }
        QMetaObject::invokeMethod(
            self,
            [self, channel, label, generation, apply = std::move(apply), error, finish] {
                if (!self)
                    return;
                if (self->isCurrent(channel, generation)) {
                    if (!error.isEmpty()) {
                        emit self->failed(channel, label, error);
                    } else if (apply) {
                        try {
                            apply();
                        } catch (const std::exception& e) {
                            emit self->failed(channel, label, QString::fromUtf8(e.what()));
                        }
                    }
                }
                finish();
            },
            Qt::QueuedConnection);
    });
}

void TaskRunner::cancel(const QString& channel)
{
    auto it = m_slots.find(channel);
    if (it == m_slots.end())
        return;
    if (it->second.cancel)
        it->second.cancel->store(true);
    ++it->second.generation; // drop whatever it still delivers
}

void TaskRunner::cancelAll()
{
    for (auto& [channel, slot] : m_slots) {
        if (slot.cancel)
            slot.cancel->store(true);
        ++slot.generation;
    }
}

void TaskRunner::waitForIdle()
{
    m_pool.waitForDone();
}

} // namespace lantern::gui
