#include "workspaces/materials/defect_panel.h"

#include "lantern/materials/structure.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace lantern::gui {

namespace {
// slider units: vacancies and substitutions in 0.5 % steps, displacement in 0.002 Å steps
constexpr double kFractionStep = 0.005, kSigmaStep = 0.002;

QSlider* makeSlider(int maximum, QWidget* parent)
{
    auto* s = new QSlider(Qt::Horizontal, parent);
    s->setRange(0, maximum);
    s->setPageStep(maximum / 10);
    return s;
}
} // namespace

DefectPanel::DefectPanel(QWidget* parent) : QWidget(parent)
{
    m_vacancies = makeSlider(120, this); // 0 .. 60 %
    m_displacement = makeSlider(50, this); // 0 .. 0.1 Å
    m_substitutions = makeSlider(60, this); // 0 .. 30 %
    m_vacancyLabel = new QLabel(this);
    m_displacementLabel = new QLabel(this);
    m_substitutionLabel = new QLabel(this);
    for (QLabel* l : {m_vacancyLabel, m_displacementLabel, m_substitutionLabel}) {
        l->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0.100 Å ")));
        l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    m_substituent = new QComboBox(this);
    for (int z = 1; z <= 96; ++z)
        m_substituent->addItem(QString::fromStdString(materials::elementSymbol(z)), z);
    m_substituent->setCurrentIndex(28); // Cu
    m_substituent->setToolTip(tr("Element put on substituted sites"));
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 999999);
    m_seed->setToolTip(tr("Seed of the random defects: the same seed gives the same crystal"));
    m_atoms = new QSpinBox(this);
    m_atoms->setRange(0, 2000);
    m_atoms->setSingleStep(16);
    m_atoms->setValue(128);
    m_atoms->setSpecialValueText(tr("as given"));
    m_atoms->setToolTip(tr("Periodic structures are repeated to about this many atoms before the fingerprint"));
    auto* resetButton = new QPushButton(tr("Pristine"), this);
    resetButton->setToolTip(tr("Remove all defects"));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    const auto row = [&](QSlider* slider, QLabel* label) {
        auto* box = new QHBoxLayout;
        box->addWidget(slider, 1);
        box->addWidget(label);
        return box;
    };
    form->addRow(tr("Vacancies"), row(m_vacancies, m_vacancyLabel));
    form->addRow(tr("Displacement σ"), row(m_displacement, m_displacementLabel));
    form->addRow(tr("Substitutions"), row(m_substitutions, m_substitutionLabel));
    form->addRow(tr("Substituent"), m_substituent);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Supercell atoms"), m_atoms);
    form->addRow(QString(), resetButton);

    for (QSlider* s : {m_vacancies, m_displacement, m_substitutions})
        connect(s, &QSlider::valueChanged, this, [this] {
            updateLabels();
            emit changed();
        });
    connect(m_substituent, &QComboBox::currentIndexChanged, this, [this] {
        if (m_substitutions->value() > 0)
            emit changed();
    });
    connect(m_seed, &QSpinBox::valueChanged, this, &DefectPanel::changed);
    connect(m_atoms, &QSpinBox::valueChanged, this, &DefectPanel::changed);
    connect(resetButton, &QPushButton::clicked, this, [this] {
        reset();
        emit changed();
    });
    updateLabels();
}

materials::Defects DefectPanel::defects() const
{
    materials::Defects d;
    d.vacancies = m_vacancies->value() * kFractionStep;
    d.displacement = m_displacement->value() * kSigmaStep;
    d.substitutions = m_substitutions->value() * kFractionStep;
    d.substituent = m_substituent->currentData().toInt();
    d.seed = uint64_t(m_seed->value());
    return d;
}

int DefectPanel::supercellAtoms() const { return m_atoms->value(); }

void DefectPanel::setDefects(const materials::Defects& d)
{
    const QSignalBlocker b1(m_vacancies), b2(m_displacement), b3(m_substitutions), b4(m_substituent), b5(m_seed);
    m_vacancies->setValue(int(std::lround(d.vacancies / kFractionStep)));
    m_displacement->setValue(int(std::lround(d.displacement / kSigmaStep)));
    m_substitutions->setValue(int(std::lround(d.substitutions / kFractionStep)));
    if (d.substituent > 0)
        m_substituent->setCurrentIndex(m_substituent->findData(d.substituent));
    m_seed->setValue(int(d.seed));
    updateLabels();
}

void DefectPanel::setSupercellAtoms(int atoms)
{
    const QSignalBlocker b(m_atoms);
    m_atoms->setValue(atoms);
}

void DefectPanel::reset()
{
    materials::Defects d;
    d.substituent = m_substituent->currentData().toInt();
    d.seed = uint64_t(m_seed->value());
    setDefects(d);
}

void DefectPanel::updateLabels()
{
    const materials::Defects d = defects();
    m_vacancyLabel->setText(QStringLiteral("%1 %").arg(d.vacancies * 100, 0, 'f', 1));
    m_displacementLabel->setText(QStringLiteral("%1 Å").arg(d.displacement, 0, 'f', 3));
    m_substitutionLabel->setText(QStringLiteral("%1 %").arg(d.substitutions * 100, 0, 'f', 1));
}

} // namespace lantern::gui
