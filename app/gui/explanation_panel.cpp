#include "explanation_panel.h"

#include "lantern/explain/explainer.h"
#include "lantern/render/colormap.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace lantern::gui {

namespace {

QIcon colormapIcon(const render::Colormap& cmap)
{
    QPixmap pm(48, 12);
    QPainter p(&pm);
    for (int x = 0; x < pm.width(); ++x) {
        p.setPen(QColor::fromRgb(cmap.map(x / double(pm.width() - 1))));
        p.drawLine(x, 0, x, pm.height());
    }
    return QIcon(pm);
}

} // namespace

ExplanationPanel::ExplanationPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);

    auto* methodBox = new QGroupBox(tr("Method"), this);
    auto* mform = new QFormLayout(methodBox);
    m_method = new QComboBox(methodBox);
    for (const auto& spec : explain::methods()) {
        m_method->addItem(QString::fromStdString(spec.name), QString::fromStdString(spec.name));
        m_method->setItemData(m_method->count() - 1, QString::fromStdString(spec.summary), Qt::ToolTipRole);
    }
    m_method->setMaxVisibleItems(30);
    mform->addRow(tr("Method"), m_method);
    m_summary = new QLabel(methodBox);
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(QStringLiteral("color: palette(mid);"));
    mform->addRow(m_summary);
    m_target = new QComboBox(methodBox);
    m_target->addItem(tr("Predicted class"), -1);
    m_target->setToolTip(
        tr("The class whose score is explained; click a bar of the class probabilities to choose one"));
    m_resetTarget = new QToolButton(methodBox);
    m_resetTarget->setText(tr("Predicted"));
    m_resetTarget->setToolTip(tr("Explain the predicted class again"));
    m_resetTarget->setEnabled(false);
    auto* targetRow = new QHBoxLayout;
    targetRow->addWidget(m_target, 1);
    targetRow->addWidget(m_resetTarget);
    mform->addRow(tr("Target"), targetRow);
    m_layer = new QComboBox(methodBox);
    m_layerLabel = new QLabel(tr("Layer"), methodBox);
    mform->addRow(m_layerLabel, m_layer);
    layout->addWidget(methodBox);

    auto* paramGroup = new QGroupBox(tr("Parameters"), this);
    auto* pl = new QVBoxLayout(paramGroup);
    m_paramBox = new QWidget(paramGroup);
    m_paramForm = new QFormLayout(m_paramBox);
    m_paramForm->setContentsMargins(0, 0, 0, 0);
    pl->addWidget(m_paramBox);
    auto* reset = new QPushButton(tr("Reset to defaults"), paramGroup);
    pl->addWidget(reset, 0, Qt::AlignRight);
    layout->addWidget(paramGroup);

    auto* styleBox = new QGroupBox(tr("Display"), this);
    auto* sform = new QFormLayout(styleBox);
    m_colormap = new QComboBox(styleBox);
    m_colormap->addItem(tr("Automatic"), QStringLiteral("auto"));
    for (const auto& cmap : render::colormaps())
        m_colormap->addItem(colormapIcon(cmap), QStringLiteral("%1 (%2)").arg(cmap.name(), cmap.family()), cmap.name());
    m_colormap->setIconSize(QSize(48, 12));
    sform->addRow(tr("Colormap"), m_colormap);
    m_opacity = new QSlider(Qt::Horizontal, styleBox);
    m_opacity->setRange(0, 100);
    sform->addRow(tr("Opacity"), m_opacity);
    m_sign = new QComboBox(styleBox);
    m_sign->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_sign->setItemData(0,
                        tr("Both signs on a diverging colormap, or only the positive values on a sequential one "
                           "when the map has no negative values"),
                        Qt::ToolTipRole);
    m_sign->addItem(tr("Positive and negative"), QStringLiteral("all"));
    m_sign->addItem(tr("Positive only"), QStringLiteral("positive"));
    m_sign->addItem(tr("Negative only"), QStringLiteral("negative"));
    m_sign->addItem(tr("Absolute value"), QStringLiteral("absolute"));
    sform->addRow(tr("Sign"), m_sign);
    m_clip = new QDoubleSpinBox(styleBox);
    m_clip->setRange(50, 100);
    m_clip->setDecimals(1);
    m_clip->setSingleStep(0.5);
    m_clip->setSuffix(tr(" th percentile"));
    m_clip->setToolTip(tr("Colour range limit: values beyond this percentile of the magnitudes saturate"));
    sform->addRow(tr("Clip at"), m_clip);
    m_contours = new QSpinBox(styleBox);
    m_contours->setRange(0, 20);
    m_contours->setSpecialValueText(tr("none"));
    sform->addRow(tr("Contour lines"), m_contours);
    m_fade = new QCheckBox(tr("Fade weak values"), styleBox);
    m_fade->setToolTip(tr("Let the input show through where the map is near zero"));
    sform->addRow(QString(), m_fade);
    m_greyBase = new QCheckBox(tr("Input in grey"), styleBox);
    m_greyBase->setToolTip(tr("Draw the input in grey under the map so that the map's colours stand out"));
    sform->addRow(QString(), m_greyBase);
    layout->addWidget(styleBox);
    layout->addStretch(1);

    setStyle(render::OverlayStyle{});
    rebuildParams(m_method->currentData().toString().toStdString(), {});

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        rebuildParams(m_method->currentData().toString().toStdString(), {});
        emitChoice();
    });
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        const bool chosen = m_target->currentData().toLongLong() >= 0;
        m_resetTarget->setEnabled(chosen);
        // a chosen class stands out: it stays until changed or reset
        QFont f = m_target->font();
        f.setBold(chosen);
        m_target->setFont(f);
        emitChoice();
    });
    connect(m_resetTarget, &QToolButton::clicked, this, [this] { m_target->setCurrentIndex(0); });
    connect(m_layer, &QComboBox::currentIndexChanged, this, &ExplanationPanel::emitChoice);
    connect(reset, &QPushButton::clicked, this, [this] {
        rebuildParams(m_method->currentData().toString().toStdString(), {});
        emitChoice();
    });
    connect(m_colormap, &QComboBox::currentIndexChanged, this, &ExplanationPanel::emitStyle);
    connect(m_opacity, &QSlider::valueChanged, this, &ExplanationPanel::emitStyle);
    connect(m_sign, &QComboBox::currentIndexChanged, this, &ExplanationPanel::emitStyle);
    connect(m_clip, &QDoubleSpinBox::valueChanged, this, &ExplanationPanel::emitStyle);
    connect(m_contours, &QSpinBox::valueChanged, this, &ExplanationPanel::emitStyle);
    connect(m_fade, &QCheckBox::toggled, this, &ExplanationPanel::emitStyle);
    connect(m_greyBase, &QCheckBox::toggled, this, &ExplanationPanel::emitStyle);
}

void ExplanationPanel::setClasses(const QStringList& names)
{
    m_updating = true;
    const QVariant current = m_target->currentData();
    m_target->clear();
    m_target->addItem(tr("Predicted class"), -1);
    for (int i = 0; i < names.size(); ++i)
        m_target->addItem(names[i] == QString::number(i) ? names[i] : QStringLiteral("%1 · %2").arg(i).arg(names[i]),
                          i);
    const int idx = m_target->findData(current);
    m_target->setCurrentIndex(idx < 0 ? 0 : idx);
    m_updating = false;
}

void ExplanationPanel::setLayers(const std::vector<std::string>& convLayers)
{
    m_updating = true;
    const QString current = m_layer->currentData().toString();
    m_layer->clear();
    m_layer->addItem(tr("Default (last conv layer)"), QString());
    for (const auto& l : convLayers)
        m_layer->addItem(QString::fromStdString(l), QString::fromStdString(l));
    const int idx = m_layer->findData(current);
    m_layer->setCurrentIndex(idx < 0 ? 0 : idx);
    m_updating = false;
}

void ExplanationPanel::rebuildParams(const std::string& name, const std::map<std::string, std::string>& values)
{
    while (m_paramForm->rowCount() > 0)
        m_paramForm->removeRow(0);
    m_params.clear();
    const explain::MethodSpec& spec = explain::method(name);
    m_summary->setText(QString::fromStdString(spec.summary));
    m_layer->setEnabled(spec.usesLayer);
    m_layerLabel->setEnabled(spec.usesLayer);
    for (const auto& p : spec.params) {
        auto* edit = new QLineEdit(m_paramBox);
        edit->setPlaceholderText(QString::fromStdString(p.defaultValue));
        const auto it = values.find(p.key);
        if (it != values.end())
            edit->setText(QString::fromStdString(it->second));
        edit->setToolTip(QString::fromStdString(p.help));
        connect(edit, &QLineEdit::editingFinished, this, &ExplanationPanel::emitChoice);
        m_paramForm->addRow(QString::fromStdString(p.key), edit);
        m_params.emplace_back(p.key, edit);
    }
    if (spec.params.empty())
        m_paramForm->addRow(new QLabel(tr("This method has no parameters."), m_paramBox));
}

app::MethodChoice ExplanationPanel::choice() const
{
    app::MethodChoice c;
    c.method = m_method->currentData().toString().toStdString();
    c.target = m_target->currentData().toLongLong();
    c.layer = m_layer->isEnabled() ? m_layer->currentData().toString().toStdString() : std::string();
    for (const auto& [key, edit] : m_params)
        if (!edit->text().trimmed().isEmpty() && edit->text().trimmed() != edit->placeholderText())
            c.params[key] = edit->text().trimmed().toStdString();
    return c;
}

void ExplanationPanel::setChoice(const app::MethodChoice& c)
{
    m_updating = true;
    const int m = m_method->findData(QString::fromStdString(c.method));
    if (m >= 0)
        m_method->setCurrentIndex(m);
    rebuildParams(m_method->currentData().toString().toStdString(), c.params);
    const int t = m_target->findData(static_cast<qlonglong>(c.target));
    m_target->setCurrentIndex(t < 0 ? 0 : t);
    int l = m_layer->findData(QString::fromStdString(c.layer));
    if (l < 0 && !c.layer.empty()) {
        m_layer->addItem(QString::fromStdString(c.layer), QString::fromStdString(c.layer));
        l = m_layer->count() - 1;
    }
    m_layer->setCurrentIndex(l < 0 ? 0 : l);
    m_updating = false;
}

void ExplanationPanel::setTarget(int64_t target)
{
    const int t = m_target->findData(static_cast<qlonglong>(target));
    m_target->setCurrentIndex(t < 0 ? 0 : t);
}

void ExplanationPanel::stepMethod(int delta)
{
    const int n = m_method->count();
    m_method->setCurrentIndex(((m_method->currentIndex() + delta) % n + n) % n);
}

render::OverlayStyle ExplanationPanel::style() const
{
    render::OverlayStyle s;
    s.colormap = m_colormap->currentData().toString();
    s.opacity = m_opacity->value() / 100.0;
    s.sign = render::signFromName(m_sign->currentData().toString());
    s.clipPercentile = m_clip->value();
    s.contourLevels = m_contours->value();
    s.fade = m_fade->isChecked();
    s.greyBase = m_greyBase->isChecked();
    return s;
}

void ExplanationPanel::setStyle(const render::OverlayStyle& s)
{
    m_updating = true;
    const int c = m_colormap->findData(s.colormap);
    m_colormap->setCurrentIndex(c < 0 ? 0 : c);
    m_opacity->setValue(static_cast<int>(std::lround(s.opacity * 100)));
    m_sign->setCurrentIndex(std::max(0, m_sign->findData(render::signName(s.sign))));
    m_clip->setValue(s.clipPercentile);
    m_contours->setValue(s.contourLevels);
    m_fade->setChecked(s.fade);
    m_greyBase->setChecked(s.greyBase);
    m_updating = false;
}

void ExplanationPanel::emitChoice()
{
    if (!m_updating)
        emit choiceChanged(choice());
}

void ExplanationPanel::emitStyle()
{
    if (!m_updating)
        emit styleChanged(style());
}

} // namespace lantern::gui
