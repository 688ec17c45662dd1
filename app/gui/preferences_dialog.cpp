#include "preferences_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lantern::gui {

std::optional<std::vector<float>> PreferencesDialog::parseNumberList(const QString& text)
{
    std::vector<float> out;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        bool ok = false;
        const double v = part.toDouble(&ok); // C locale: a decimal point
        if (!ok || !std::isfinite(v))
            return std::nullopt;
        out.push_back(static_cast<float>(v));
    }
    return out;
}

QString PreferencesDialog::formatNumberList(const std::vector<float>& values)
{
    QStringList parts;
    for (float v : values)
        parts << QString::number(static_cast<double>(v), 'g', 7);
    return parts.join(QStringLiteral(", "));
}

PreferencesDialog::PreferencesDialog(const app::SampleOptions& preprocessing, const QString& language, QWidget* parent)
    : QDialog(parent), m_options(preprocessing)
{
    setWindowTitle(tr("Preferences"));

    // language
    m_language = new QComboBox(this);
    m_language->addItem(tr("System default"), QString());
    // language names in their own language, as users look for them
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    const int languageIndex = m_language->findData(language);
    m_language->setCurrentIndex(languageIndex >= 0 ? languageIndex : 0);
    auto* languageNote = new QLabel(tr("Takes effect after a restart."), this);
    languageNote->setEnabled(false);
    auto* languageBox = new QGroupBox(tr("Interface"), this);
    auto* languageForm = new QFormLayout(languageBox);
    languageForm->addRow(tr("Language:"), m_language);
    languageForm->addRow(QString(), languageNote);

    // preprocessing
    m_customScale = new QCheckBox(tr("Custom scale"), this);
    m_customScale->setToolTip(tr("Without a custom scale, images and 8-bit IDX files are scaled by 1/255 and "
                                 "arrays are used as they are."));
    m_scale = new QDoubleSpinBox(this);
    m_scale->setDecimals(8);
    m_scale->setRange(1e-8, 1e6);
    m_scale->setSingleStep(0.001);
    m_customScale->setChecked(preprocessing.scale.has_value());
    m_scale->setValue(preprocessing.scale ? static_cast<double>(*preprocessing.scale) : 1.0 / 255.0);
    auto* scaleRow = new QHBoxLayout;
    scaleRow->addWidget(m_customScale);
    scaleRow->addWidget(m_scale, 1);

    m_mean = new QLineEdit(formatNumberList(preprocessing.mean), this);
    m_mean->setPlaceholderText(tr("none, e.g. 0.5 or 0.485, 0.456, 0.406"));
    m_std = new QLineEdit(formatNumberList(preprocessing.std), this);
    m_std->setPlaceholderText(tr("none, e.g. 0.5 or 0.229, 0.224, 0.225"));
    for (QLineEdit* e : {m_mean, m_std})
        e->setToolTip(tr("Applied after scaling, per channel: (value − mean) / std. One value applies to every "
                         "channel; otherwise give one per channel, separated by commas."));
    m_bgr = new QCheckBox(tr("Feed colour images in BGR channel order (Caffe-style models)"), this);
    m_bgr->setChecked(preprocessing.bgr);
    m_resize = new QComboBox(this);
    m_resize->addItem(tr("Stretch to the input size"), static_cast<int>(app::ResizeMode::Stretch));
    m_resize->addItem(tr("Fit inside, pad with black"), static_cast<int>(app::ResizeMode::Fit));
    m_resize->addItem(tr("Cover, crop the centre"), static_cast<int>(app::ResizeMode::Crop));
    m_resize->setCurrentIndex(std::max(0, m_resize->findData(static_cast<int>(preprocessing.resize))));

    auto* preBox = new QGroupBox(tr("Preprocessing of the current model's samples"), this);
    auto* preForm = new QFormLayout(preBox);
    preForm->addRow(tr("Scale:"), scaleRow);
    preForm->addRow(tr("Mean:"), m_mean);
    preForm->addRow(tr("Std:"), m_std);
    preForm->addRow(tr("Resize images:"), m_resize);
    preForm->addRow(QString(), m_bgr);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    QPalette warn = m_message->palette();
    warn.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_message->setPalette(warn);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    m_language->setObjectName(QStringLiteral("language"));
    m_customScale->setObjectName(QStringLiteral("customScale"));
    m_scale->setObjectName(QStringLiteral("scale"));
    m_mean->setObjectName(QStringLiteral("mean"));
    m_std->setObjectName(QStringLiteral("std"));
    m_bgr->setObjectName(QStringLiteral("bgr"));
    m_resize->setObjectName(QStringLiteral("resize"));
    m_message->setObjectName(QStringLiteral("message"));

    auto* top = new QVBoxLayout(this);
    top->addWidget(languageBox);
    top->addWidget(preBox);
    top->addWidget(m_message);
    top->addStretch(1);
    top->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_customScale, &QCheckBox::toggled, this, &PreferencesDialog::updateState);
    for (QLineEdit* e : {m_mean, m_std})
        connect(e, &QLineEdit::textChanged, this, &PreferencesDialog::updateState);
    updateState();
}

void PreferencesDialog::updateState()
{
    m_scale->setEnabled(m_customScale->isChecked());
    QString problem;
    const auto mean = parseNumberList(m_mean->text());
    const auto sd = parseNumberList(m_std->text());
    if (!mean)
        problem = tr("Mean must be numbers separated by commas, e.g. 0.485, 0.456, 0.406.");
    else if (!sd)
        problem = tr("Std must be numbers separated by commas, e.g. 0.229, 0.224, 0.225.");
    else if (std::any_of(sd->begin(), sd->end(), [](float v) { return !(v > 0); }))
        problem = tr("Std values must be greater than zero.");
    else if (mean->size() > 1 && sd->size() > 1 && mean->size() != sd->size())
        problem =
            tr("Mean has %1 values and std %2; give both one value per channel.").arg(mean->size()).arg(sd->size());
    m_message->setText(problem);
    m_message->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

app::SampleOptions PreferencesDialog::preprocessing() const
{
    app::SampleOptions o = m_options;
    o.scale = m_customScale->isChecked() ? std::optional<float>(static_cast<float>(m_scale->value())) : std::nullopt;
    o.mean = parseNumberList(m_mean->text()).value_or(std::vector<float>{});
    o.std = parseNumberList(m_std->text()).value_or(std::vector<float>{});
    o.bgr = m_bgr->isChecked();
    o.resize = static_cast<app::ResizeMode>(m_resize->currentData().toInt());
    return o;
}

QString PreferencesDialog::language() const
{
    return m_language->currentData().toString();
}

} // namespace lantern::gui
