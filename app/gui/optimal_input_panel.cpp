#include "optimal_input_panel.h"
#include "geo_overlay_page.h"

#include "task_runner.h"
#include "workspace.h"

#include "lantern/explain/explainer.h"
#include "lantern/render/scalar_map.h"
#include "lantern/widgets/curve_plot.h"
#include "lantern/widgets/overlay_view.h"

#include <QColor>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lantern::gui {

namespace {

/// The engine's default of an optimal-input parameter (the CLI's default too).
QString engineDefault(const std::string& key)
{
    for (const auto& p : explain::method("optimal-input").params)
        if (p.key == key)
            return QString::fromStdString(p.defaultValue);
    return {};
}

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
    m_objective->setCurrentIndex(std::max(0, m_objective->findData(engineDefault("objective"))));
    form->addRow(tr("Objective"), m_objective);
    // every default comes from the engine, so the panel and `lantern-cli explain --method optimal-input` agree
    m_iterations = new QSpinBox(this);
    m_iterations->setRange(10, 5000);
    m_iterations->setValue(engineDefault("iterations").toInt());
    form->addRow(tr("Iterations"), m_iterations);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(3);
    m_lr->setRange(0.001, 10);
    m_lr->setValue(engineDefault("lr").toDouble());
    form->addRow(tr("Step size"), m_lr);
    m_l2 = new QDoubleSpinBox(this);
    m_l2->setDecimals(4);
    m_l2->setRange(0, 10);
    m_l2->setSingleStep(0.001);
    m_l2->setValue(engineDefault("l2").toDouble());
    form->addRow(tr("L2 penalty"), m_l2);
    m_tv = new QDoubleSpinBox(this);
    m_tv->setDecimals(4);
    m_tv->setRange(0, 10);
    m_tv->setSingleStep(0.001);
    m_tv->setValue(engineDefault("tv").toDouble());
    form->addRow(tr("Total variation"), m_tv);
    m_jitter = new QSpinBox(this);
    m_jitter->setRange(0, 8);
    m_jitter->setSuffix(tr(" px"));
    m_jitter->setValue(engineDefault("jitter").toInt());
    form->addRow(tr("Jitter"), m_jitter);
    m_blurEvery = new QSpinBox(this);
    m_blurEvery->setRange(0, 100);
    m_blurEvery->setSpecialValueText(tr("never"));
    m_blurEvery->setValue(engineDefault("blur_every").toInt());
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
    m_curve = new widgets::CurvePlot(this);
    m_curve->setAxisTitles(tr("iteration"), tr("probability"));
    m_curve->setYRange(std::make_pair(0.0, 1.0));
    m_curve->setSeries({{tr("target probability"), QColor(0x2b, 0x6c, 0xb0), {}, {}}});
    layout->addWidget(m_curve);

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
    for (QWidget* spatial : std::initializer_list<QWidget*>{m_tv, m_jitter, m_blurEvery})
        spatial->setEnabled(spatialInput());
    m_class->clear();
    for (int i = 0; i < names.size(); ++i)
        m_class->addItem(names[i] == QString::number(i) ? names[i] : QStringLiteral("%1 · %2").arg(i).arg(names[i]), i);
}

bool OptimalInputPanel::spatialInput() const
{
    return m_workspace->modelInfo().inputShape.size() >= 3;
}

void OptimalInputPanel::setTargetClass(int index)
{
    const int row = m_class->findData(index);
    if (row >= 0)
        m_class->setCurrentIndex(row);
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
    const SampleSet& set = m_workspace->samples();
    if (set.field && x.size() == set.field->rows() * set.field->columns()) {
        // a gridded field: drawn as a small map, masked where the samples are masked
        std::vector<float> shown = set.grid.reorder(x.data());
        const std::vector<float> mask = set.grid.reorder(set.field->values.data());
        for (size_t i = 0; i < shown.size(); ++i)
            if (std::isnan(mask[i]))
                shown[i] = NAN;
        m_preview->setBase(geoFieldImage(set.grid, shown, 360));
    } else {
        m_preview->setBase(render::sampleImage(x, layout)); // batch of one
    }
    m_preview->setTitle(tr("iteration %1").arg(iteration));
    m_curve->append(0, static_cast<double>(iteration), score);
    m_result = x;
    m_lastScore = score;
    m_score->setText(tr("Target probability: %1").arg(QLocale().toString(score, 'f', 3)));
}

void OptimalInputPanel::start()
{
    if (!m_workspace->hasModel() || m_class->count() == 0)
        return;
    m_curve->clear();
    m_result = Tensor();
    m_curve->setXRange(std::make_pair(0.0, static_cast<double>(m_iterations->value())));
    m_lastScore = -1;
    setRunning(true);
    m_progress->setValue(0);
    auto model = m_workspace->model();
    const Tensor input = startInput();
    explain::ExplainRequest req = request();
    m_runner->run(QStringLiteral("optimal"), tr("Optimal input"),
                  [this, model, input, req](const TaskContext& ctx) mutable -> TaskRunner::Apply {
                      req.cancel = ctx.cancel;
                      req.progress = ctx.progress;
                      auto post = ctx.post;
                      req.snapshot = [this, post](int64_t it, const Tensor& x, const std::vector<float>& scores) {
                          const Tensor copy = x.clone();
                          const float s = scores.empty() ? 0.f : scores.front();
                          post([this, it, copy, s] { showSnapshot(it, copy, s); });
                      };
                      const explain::Explanation e = explain::explain(*model, input, req);
                      const auto it = e.extra.find("probability");
                      const double score = it == e.extra.end() ? -1.0 : it->second[0];
                      return [this, score] {
                          setRunning(false);
                          emit runFinished(score);
                      };
                  });
}

Tensor OptimalInputPanel::startInput() const
{
    // the loaded samples: the engine starts from their mean (start=mean) and keeps the input inside their range
    // (low/high=auto), as `lantern-cli explain --method optimal-input --input SAMPLES` does
    if (m_workspace->samples().count() > 0)
        return m_workspace->samples().data;
    Shape shape = m_workspace->modelInfo().inputShape;
    for (auto& d : shape)
        d = d < 0 ? 1 : d;
    return Tensor(shape);
}

explain::ExplainRequest OptimalInputPanel::request() const
{
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
    if (!spatialInput()) // the image regularizers do not apply to feature vectors or sequences
        for (const char* key : {"tv", "jitter", "blur_every"})
            req.params.erase(key);
    return req;
}

void OptimalInputPanel::stop()
{
    m_runner->cancel(QStringLiteral("optimal"));
    setRunning(false);
    m_score->setText(tr("Cancelled at probability %1").arg(QLocale().toString(m_lastScore, 'f', 3)));
}

} // namespace lantern::gui
