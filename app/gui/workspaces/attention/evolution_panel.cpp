#include "workspaces/attention/evolution_panel.h"

#include "lantern/widgets/curve_plot.h"

#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace lantern::gui {

namespace {
QString number(double v)
{
    return QString::number(v, 'g', 4);
}
} // namespace

QColor EvolutionPanel::headColor(int head)
{
    static const QColor tab10[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                   QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                   QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return head >= 0 && head < 8 ? tab10[head] : QColor::fromHsv((head * 47) % 360, 200, 190);
}

EvolutionPanel::EvolutionPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);

    auto* predictionBox = new QGroupBox(tr("Prediction vs epoch"), this);
    auto* predictionLayout = new QVBoxLayout(predictionBox);
    m_predictionPlot = new widgets::CurvePlot(predictionBox);
    m_predictionPlot->setAxisTitles(tr("epoch"), tr("prediction"));
    m_predictionReadout = new QLabel(predictionBox);
    m_predictionReadout->setWordWrap(true);
    m_predictionReadout->setTextFormat(Qt::RichText);
    m_predictionRemark = new QLabel(predictionBox);
    m_predictionRemark->setWordWrap(true);
    m_predictionRemark->setForegroundRole(QPalette::PlaceholderText);
    m_predictionNote = new QLabel(predictionBox);
    m_predictionNote->setObjectName(QStringLiteral("predictionNote"));
    m_predictionNote->setWordWrap(true);
    m_predictionNote->setTextFormat(Qt::RichText);
    m_predictionNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    predictionLayout->addWidget(m_predictionPlot, 1);
    predictionLayout->addWidget(m_predictionReadout);
    predictionLayout->addWidget(m_predictionRemark);
    predictionLayout->addWidget(m_predictionNote);

    auto* pairBox = new QGroupBox(tr("Attention of the selected pair vs epoch"), this);
    auto* pairLayout = new QVBoxLayout(pairBox);
    m_pairTitle = new QLabel(pairBox);
    m_pairTitle->setWordWrap(true);
    m_pairTitle->setTextFormat(Qt::RichText);
    m_pairPlot = new widgets::CurvePlot(pairBox);
    m_pairPlot->setAxisTitles(tr("epoch"), tr("attention"));
    m_pairPlot->setYRange(std::pair<double, double>(0.0, 1.0));
    m_pairLegend = new QLabel(pairBox);
    m_pairLegend->setTextFormat(Qt::RichText);
    m_pairLegend->setWordWrap(true);
    m_pairReadout = new QLabel(pairBox);
    m_pairReadout->setTextFormat(Qt::RichText);
    m_pairReadout->setWordWrap(true);
    auto* hint = new QLabel(tr("Hover a cell of the matrix to preview its pair, click to keep it."), pairBox);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    pairLayout->addWidget(m_pairTitle);
    pairLayout->addWidget(m_pairPlot, 1);
    pairLayout->addWidget(m_pairLegend);
    pairLayout->addWidget(m_pairReadout);
    pairLayout->addWidget(hint);

    layout->addWidget(predictionBox, 1);
    layout->addWidget(pairBox, 1);
    m_layout = layout;
    m_predictionBox = predictionBox;
    setNoPredictions({});
}

void EvolutionPanel::setNoPredictions(const QString& note)
{
    m_hasPrediction = false;
    m_prediction.clear();
    m_predictionPlot->clear();
    m_predictionPlot->setCursor(std::nullopt);
    m_predictionPlot->hide();
    m_predictionReadout->hide();
    m_predictionRemark->hide();
    m_predictionNote->setText(note);
    m_predictionNote->setVisible(!note.isEmpty());
    m_layout->setStretchFactor(m_predictionBox, 0); // the note only: the pair's curve takes the room
}

void EvolutionPanel::setPrediction(const std::vector<float>& perEpoch, double target, const QString& property,
                                   const QString& remark)
{
    m_hasPrediction = true;
    m_prediction = perEpoch;
    m_target = target;
    widgets::CurveSeries prediction{tr("prediction"), QColor(0x1f, 0x77, 0xb4), {}, {}};
    for (size_t e = 0; e < perEpoch.size(); ++e)
        if (std::isfinite(perEpoch[e])) {
            prediction.x.push_back(double(e));
            prediction.y.push_back(double(perEpoch[e]));
        }
    std::vector<widgets::CurveSeries> series{prediction};
    if (std::isfinite(target) && !perEpoch.empty())
        series.push_back({tr("target"), QColor(0xd6, 0x27, 0x28), {0.0, double(perEpoch.size() - 1)}, {target, target}});
    m_predictionPlot->setXRange(std::pair<double, double>(0.0, double(std::max<size_t>(perEpoch.size(), 2) - 1)));
    m_predictionPlot->setSeries(std::move(series));
    m_predictionPlot->setAxisTitles(tr("epoch"), property.isEmpty() ? tr("prediction") : property);
    m_predictionPlot->show();
    m_predictionReadout->show();
    m_predictionRemark->setText(remark);
    m_predictionRemark->setVisible(!remark.isEmpty());
    m_predictionNote->hide();
    m_layout->setStretchFactor(m_predictionBox, 1);
    updateReadouts();
}

void EvolutionPanel::setPair(const Tensor& series, int row, int column, const QString& rowSymbol,
                             const QString& columnSymbol, const std::vector<int>& heads, const QString& how)
{
    m_heads.clear();
    m_pairValues.clear();
    if (series.isEmpty() || series.rank() != 4) {
        clearPair(tr("No pair"));
        return;
    }
    const int64_t epochs = series.dim(0), h = series.dim(1), n = series.dim(2);
    std::vector<widgets::CurveSeries> curves;
    QStringList legend;
    bool absent = true;
    for (int head : heads) {
        if (head < 0 || head >= h)
            continue;
        std::vector<float> values(static_cast<size_t>(epochs));
        widgets::CurveSeries c{tr("Head %1").arg(head + 1), headColor(head), {}, {}};
        for (int64_t e = 0; e < epochs; ++e) {
            values[size_t(e)] = series[((e * h + head) * n + row) * n + column];
            if (std::isfinite(values[size_t(e)])) {
                c.x.push_back(double(e));
                c.y.push_back(double(values[size_t(e)]));
                absent = false;
            }
        }
        m_heads.push_back(head);
        m_pairValues.push_back(std::move(values));
        curves.push_back(std::move(c));
        legend << QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2").arg(headColor(head).name(), tr("Head %1").arg(head + 1));
    }
    m_pairPlot->setXRange(std::pair<double, double>(0.0, double(std::max<int64_t>(epochs, 2) - 1)));
    m_pairPlot->setSeries(std::move(curves));
    const QString pair = tr("<b>%1 → %2</b>: %1 attends to %2 (row %1, column %2)")
                             .arg(rowSymbol.toHtmlEscaped(), columnSymbol.toHtmlEscaped());
    m_pairTitle->setText(absent ? pair + QStringLiteral("<br>") + tr("an absent pair (padding): nothing to plot")
                                : pair + QStringLiteral(" · <i>%1</i>").arg(how.toHtmlEscaped()));
    m_pairLegend->setText(legend.join(QStringLiteral(" &nbsp; ")));
    updateReadouts();
}

void EvolutionPanel::clearPair(const QString& message)
{
    m_heads.clear();
    m_pairValues.clear();
    m_pairPlot->clear();
    m_pairTitle->setText(message.toHtmlEscaped());
    m_pairLegend->clear();
    m_pairReadout->clear();
}

void EvolutionPanel::setEpoch(int epoch)
{
    m_epoch = epoch;
    m_pairPlot->setCursor(epoch >= 0 ? std::optional<double>(epoch) : std::nullopt);
    if (m_hasPrediction)
        m_predictionPlot->setCursor(epoch >= 0 ? std::optional<double>(epoch) : std::nullopt);
    updateReadouts();
}

void EvolutionPanel::updateReadouts()
{
    if (m_hasPrediction) {
        const bool known = m_epoch >= 0 && size_t(m_epoch) < m_prediction.size() && std::isfinite(m_prediction[size_t(m_epoch)]);
        QString text = known ? tr("Epoch %1: predicted <b>%2</b>").arg(m_epoch).arg(number(m_prediction[size_t(m_epoch)]))
                             : tr("Epoch %1: no prediction recorded").arg(m_epoch);
        if (std::isfinite(m_target)) {
            text += QStringLiteral(" · ") + tr("target %1").arg(number(m_target));
            if (known)
                text += QStringLiteral(" · ") + tr("error %1").arg(number(double(m_prediction[size_t(m_epoch)]) - m_target));
        }
        m_predictionReadout->setText(text);
    }
    QStringList parts;
    for (size_t i = 0; i < m_heads.size(); ++i) {
        const std::vector<float>& v = m_pairValues[i];
        if (m_epoch < 0 || size_t(m_epoch) >= v.size())
            continue;
        const float x = v[size_t(m_epoch)];
        parts << QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2").arg(EvolutionPanel::headColor(m_heads[i]).name(),
                 std::isfinite(x) ? QString::number(double(x), 'f', 4) : tr("absent"));
    }
    m_pairReadout->setText(parts.isEmpty() ? QString() : tr("Epoch %1: %2").arg(m_epoch).arg(parts.join(QStringLiteral(" &nbsp; "))));
}

} // namespace lantern::gui
