#pragma once
// Computes explanations for the GUI off the GUI thread and caches them per (sample, method, parameters,
// target, layer). Each "purpose" (main overlay, summary, CLEAR) has its own task channel, so asking for a new
// overlay cancels only the overlay still computing.

#include "common/settings.h"

#include "lantern/explain/explainer.h"

#include <QObject>
#include <QString>

#include <list>
#include <memory>
#include <utility>

namespace lantern::gui {

class TaskRunner;
class Workspace;

using ExplanationPtr = std::shared_ptr<const explain::Explanation>;

class ExplanationController : public QObject {
    Q_OBJECT
public:
    ExplanationController(Workspace* workspace, TaskRunner* runner, QObject* parent = nullptr);

    /// Delivers through ready() at once when cached, otherwise computes.
    void request(const QString& purpose, int64_t sample, const app::MethodChoice& choice);
    ExplanationPtr cached(int64_t sample, const app::MethodChoice& choice) const;
    void clearCache();
    int cacheSize() const { return static_cast<int>(m_cache.size()); }
    static constexpr int kCacheCapacity = 96;

signals:
    void computing(const QString& purpose, int64_t sample, const lantern::app::MethodChoice& choice);
    void ready(const QString& purpose, int64_t sample, const lantern::app::MethodChoice& choice,
               lantern::gui::ExplanationPtr explanation);
    void failed(const QString& purpose, const QString& message);

private:
    static QString key(int64_t sample, const app::MethodChoice& choice);
    void insert(const QString& key, ExplanationPtr e);

    Workspace* m_workspace;
    TaskRunner* m_runner;
    std::list<std::pair<QString, ExplanationPtr>> m_cache; ///< most recent first
};

} // namespace lantern::gui
