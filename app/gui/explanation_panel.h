#pragma once
// Controls of the explanation: method (all methods of the engine, with their summaries), target class, layer
// for methods that take one, the method's parameters (form built from its ParamSpecs), and the overlay style
// (colormap, opacity, sign, percentile clipping, contour lines).

#include "common/settings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QToolButton;

namespace lantern::gui {

class ExplanationPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget* parent = nullptr);

    void setClasses(const QStringList& names);                  ///< target picker entries
    void setLayers(const std::vector<std::string>& convLayers); ///< layer picker entries
    app::MethodChoice choice() const;
    void setChoice(const app::MethodChoice& choice); ///< without emitting
    render::OverlayStyle style() const;
    void setStyle(const render::OverlayStyle& style); ///< without emitting
    void setTarget(int64_t target);                   ///< emits choiceChanged
    void stepMethod(int delta);                       ///< next/previous method, emits
    QComboBox* methodCombo() const { return m_method; }

signals:
    void choiceChanged(const lantern::app::MethodChoice& choice);
    void styleChanged(const lantern::render::OverlayStyle& style);

private:
    void rebuildParams(const std::string& method, const std::map<std::string, std::string>& values);
    void emitChoice();
    void emitStyle();

    QComboBox* m_method;
    QLabel* m_summary;
    QComboBox* m_target;
    QToolButton* m_resetTarget;
    QComboBox* m_layer;
    QLabel* m_layerLabel;
    QWidget* m_paramBox;
    QFormLayout* m_paramForm;
    std::vector<std::pair<std::string, QLineEdit*>> m_params;
    QComboBox* m_colormap;
    QSlider* m_opacity;
    QComboBox* m_sign;
    QDoubleSpinBox* m_clip;
    QSpinBox* m_contours;
    QCheckBox* m_fade;
    QCheckBox* m_greyBase;
    bool m_updating = false;
};

} // namespace lantern::gui
