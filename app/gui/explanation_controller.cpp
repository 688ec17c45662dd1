#include "explanation_controller.h"

#include "task_runner.h"
#include "workspace.h"

#include <QJsonDocument>

namespace lantern::gui {

ExplanationController::ExplanationController(Workspace* workspace, TaskRunner* runner, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_runner(runner)
{
    connect(workspace, &Workspace::modelChanged, this, &ExplanationController::clearCache);
    connect(workspace, &Workspace::samplesChanged, this, &ExplanationController::clearCache);
    connect(runner, &TaskRunner::failed, this, [this](const QString& channel, const QString&, const QString& message) {
        if (channel.startsWith(QStringLiteral("explain:")))
            emit failed(channel.mid(8), message);
    });
}

QString ExplanationController::key(int64_t sample, const app::MethodChoice& choice)
{
    return QString::number(sample) + QLatin1Char('|') +
           QString::fromUtf8(QJsonDocument(app::toJson(choice)).toJson(QJsonDocument::Compact));
}

ExplanationPtr ExplanationController::cached(int64_t sample, const app::MethodChoice& choice) const
{
    const QString k = key(sample, choice);
    for (const auto& [ck, e] : m_cache)
        if (ck == k)
            return e;
    return nullptr;
}

void ExplanationController::insert(const QString& k, ExplanationPtr e)
{
    m_cache.remove_if([&](const auto& entry) { return entry.first == k; });
    m_cache.emplace_front(k, std::move(e));
    while (static_cast<int>(m_cache.size()) > kCacheCapacity)
        m_cache.pop_back();
}

void ExplanationController::clearCache()
{
    m_cache.clear();
}

void ExplanationController::request(const QString& purpose, int64_t sample, const app::MethodChoice& choice)
{
    if (!m_workspace->hasModel() || sample < 0 || sample >= m_workspace->samples().count())
        return;
    const QString k = key(sample, choice);
    if (ExplanationPtr hit = cached(sample, choice)) {
        insert(k, hit); // refresh recency
        m_runner->cancel(QStringLiteral("explain:") + purpose);
        emit ready(purpose, sample, choice, hit);
        return;
    }
    emit computing(purpose, sample, choice);
    auto model = m_workspace->model();
    const Tensor input = m_workspace->samples().sample(sample).clone();
    std::vector<int64_t> labels;
    if (!m_workspace->samples().labels.empty())
        labels.push_back(m_workspace->samples().labels[static_cast<size_t>(sample)]);
    m_runner->run(
        QStringLiteral("explain:") + purpose, tr("Computing %1").arg(QString::fromStdString(choice.method)),
        [this, model, input, labels, choice, sample, purpose, k](const TaskContext& ctx) -> TaskRunner::Apply {
            explain::ExplainRequest req;
            req.method = choice.method;
            req.params = choice.params;
            req.layer = choice.layer;
            req.target = choice.target < 0 ? explain::Target::predicted() : explain::Target::index(choice.target);
            req.labels = labels;
            req.cancel = ctx.cancel;
            req.progress = ctx.progress;
            auto e = std::make_shared<const explain::Explanation>(explain::explain(*model, input, req));
            return [this, e, k, purpose, sample, choice] {
                insert(k, e);
                emit ready(purpose, sample, choice, e);
            };
        });
}

} // namespace lantern::gui
