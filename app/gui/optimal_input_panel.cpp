#include "optimal_input_panel.h"

#include "task_runner.h"
#include "workspace.h"

#include "lantern/explain/explainer.h"
#include "lantern/render/scalar_map.h"
#include "lantern/widgets/overlay_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lantern::gui {

namespace {

/// The target probability over the iterations.
class Sparkline : public QWidget {
public:
    explicit Sparkline(const std::vector<float>* values, QWidget* parent) : QWidget(parent), m_values(values)
    {
        setMinimumHeight(40);
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF r = QRectF(rect()).adjusted(2, 4, -2, -4);
        p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
        p.drawLine(QPointF(r.left(), r.top()), QPointF(r.right(), r.top()));
        p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()));
        if (m_values->size() < 2)
            return;
        QPainterPath path;
        const double n = static_cast<double>(m_values->size() - 1);
        for (size_t i = 0; i < m_values->size(); ++i) {
            const QPointF pt(r.left() + r.width() * i / n, r.bottom() - r.height() * std::clamp((*m_values)[i], 0.f, 1.f));
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setPen(QPen(QColor(0x2b, 0x6c, 0xb0), 2));
        p.drawPath(path);
    }

private:
    const std::vector<float>* m_values;
};

} // namespace

OptimalInputPanel::OptimalInputPanel(Workspace* workspace, TaskRunner* runner, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_runner(runner)
{
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_class = new QComboBox(this);
    form->addRow(tr("Class"), m_class);
    m_objective = new QComboBox(this);
    m_objective->addItem(tr("Maximize the logit"), QStringLiteral("logit"));
    m_objective->addItem(tr("Reach probability 0.99"), QStringLiteral("probability"));
    form->addRow(tr("Objective"), m_objective);
    m_iterations = new QSpinBox(this);
    m_iterations->setRange(10, 5000);
    m_iterations->setValue(200);
    form->addRow(tr("Iterations"), m_iterations);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(3);
    m_lr->setRange(0.001, 10);
    m_lr->setValue(0.05);
    form->addRow(tr("Step size (Adam)"), m_lr);
    m_l2 = new QDoubleSpinBox(this);
    m_l2->setDecimals(4);
    m_l2->setRange(0, 10);
    m_l2->setSingleStep(0.001);
    m_l2->setValue(0.001);
    form->addRow(tr("L2 penalty"), m_l2);
    m_tv = new QDoubleSpinBox(this);
    m_tv->setDecimals(4);
    m_tv->setRange(0, 10);
    m_tv->setSingleStep(0.001);
    m_tv->setValue(0.001);
    form->addRow(tr("Total variation"), m_tv);
    m_jitter = new QSpinBox(this);
    m_jitter->setRange(0, 8);
    m_jitter->setSuffix(tr(" px"));
    form->addRow(tr("Jitter"), m_jitter);
    m_blurEvery = new QSpinBox(this);
    m_blurEvery->setRange(0, 100);
    m_blurEvery->setSpecialValueText(tr("never"));
    form->addRow(tr("Blur every"), m_blurEvery);
    layout->addLayout(form);
    m_run = new QPushButton(tr("Run"), this);
    layout->addWidget(m_run);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    layout->addWidget(m_progress);
    m_preview = new widgets::OverlayView(this);
    m_preview->setPlaceholder(tr("The optimized input appears here"));
    m_preview->setMinimumSize(160, 160);
    layout->addWidget(m_preview, 1);
    m_score = new QLabel(tr("Target probability: –"), this);
    m_score->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_score);
    m_spark = new Sparkline(&m_history, this);
    layout->addWidget(m_spark);

    connect(m_run, &QPushButton::clicked, this, [this] { m_running ? stop() : start(); });
    connect(runner, &TaskRunner::progress, this, [this](const QString& channel, const QString&, double f) {
        if (channel == QLatin1String("optimal"))
            m_progress->setValue(static_cast<int>(f * 1000));
    });
    connect(runner, &TaskRunner::failed, this, [this](const QString& channel, const QString&, const QString& message) {
        if (channel == QLatin1String("optimal")) {
            setRunning(false);
            m_score->setText(tr("Failed: %1").arg(message));
        }
    });
    connect(runner, &TaskRunner::finished, this, [this](const QString& channel) {
        if (channel == QLatin1String("optimal") && m_running)
            setRunning(false);
    });
}

void OptimalInputPanel::setClasses(const QStringList& names)
{
    m_class->clear();
    for (int i = 0; i < names.size(); ++i)
        m_class->addItem(names[i] == QString::number(i) ? names[i] : QStringLiteral("%1 · %2").arg(i).arg(names[i]), i);
}

void OptimalInputPanel::setRunning(bool running)
{
    m_running = running;
    m_run->setText(running ? tr("Cancel") : tr("Run"));
}

QImage OptimalInputPanel::currentImage() const
{
    return m_preview->grabImage(1);
}

void OptimalInputPanel::showSnapshot(int64_t iteration, const Tensor& x, float score)
{
    const std::string& layout = m_workspace->modelInfo().layout;
    m_preview->setBase(render::sampleImage(x, layout)); // batch of one
    m_preview->setTitle(tr("iteration %1").arg(iteration));
    m_history.push_back(score);
    m_lastScore = score;
    m_score->setText(tr("Target probability: %1").arg(QLocale().toString(score, 'f', 3)));
    m_spark->update();
}

void OptimalInputPanel::start()
{
    if (!m_workspace->hasModel() || m_class->count() == 0)
        return;
    m_history.clear();
    m_lastScore = -1;
    setRunning(true);
    m_progress->setValue(0);
    auto model = m_workspace->model();
    const ModelInfo& info = m_workspace->modelInfo();
    Shape shape = info.inputShape;
    shape[0] = 1;
    for (size_t d = 1; d < shape.size(); ++d)
        if (shape[d] < 0)
            shape[d] = m_workspace->samples().count() > 0 ? m_workspace->samples().data.dim(static_cast<int>(d)) : 1;
    explain::ExplainRequest req;
    req.method = "optimal-input";
    req.target = explain::Target::index(m_class->currentData().toLongLong());
    req.params = {{"objective", m_objective->currentData().toString().toStdString()},
                  {"iterations", std::to_string(m_iterations->value())},
                  {"lr", QString::number(m_lr->value()).toStdString()},
                  {"l2", QString::number(m_l2->value()).toStdString()},
                  {"tv", QString::number(m_tv->value()).toStdString()},
                  {"jitter", std::to_string(m_jitter->value())},
                  {"blur_every", std::to_string(m_blurEvery->value())}};
    m_runner->run(QStringLiteral("optimal"), tr("Optimal input"),
                  [this, model, shape, req](const TaskContext& ctx) mutable -> TaskRunner::Apply {
                      req.cancel = ctx.cancel;
                      req.progress = ctx.progress;
                      auto post = ctx.post;
                      req.snapshot = [this, post](int64_t it, const Tensor& x, const std::vector<float>& scores) {
                          const Tensor copy = x.clone();
                          const float s = scores.empty() ? 0.f : scores.front();
                          post([this, it, copy, s] { showSnapshot(it, copy, s); });
                      };
                      const explain::Explanation e = explain::explain(*model, Tensor(shape), req);
                      const auto it = e.extra.find("probability");
                      const double score = it == e.extra.end() ? -1.0 : it->second[0];
                      return [this, score] {
                          setRunning(false);
                          emit runFinished(score);
                      };
                  });
}

void OptimalInputPanel::stop()
{
    m_runner->cancel(QStringLiteral("optimal"));
    setRunning(false);
    m_score->setText(tr("Cancelled at probability %1").arg(QLocale().toString(m_lastScore, 'f', 3)));
}

} // namespace lantern::gui
