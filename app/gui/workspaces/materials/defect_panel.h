#pragma once
// The materials workspace's defect controls: vacancy fraction, displacement sigma, substitution fraction and
// element, seed and supercell size. Every change emits changed() at once (the workspace coalesces and runs the chain
// off the GUI thread, so dragging never stalls the window).

#include "lantern/materials/defects.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace lantern::gui {

class DefectPanel : public QWidget {
    Q_OBJECT
public:
    explicit DefectPanel(QWidget* parent = nullptr);

    materials::Defects defects() const;
    int supercellAtoms() const;
    /// Sets the controls (no changed() signals).
    void setDefects(const materials::Defects& d);
    void setSupercellAtoms(int atoms);
    void reset();

    QSlider* vacancySlider() const { return m_vacancies; }
    QSlider* displacementSlider() const { return m_displacement; }
    QSlider* substitutionSlider() const { return m_substitutions; }

signals:
    void changed();

private:
    void updateLabels();
    QSlider* m_vacancies;
    QSlider* m_displacement;
    QSlider* m_substitutions;
    QLabel* m_vacancyLabel;
    QLabel* m_displacementLabel;
    QLabel* m_substitutionLabel;
    QComboBox* m_substituent;
    QSpinBox* m_seed;
    QSpinBox* m_atoms;
};

} // namespace lantern::gui
