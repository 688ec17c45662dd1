#pragma once
// Preferences: the interface language (applied at the next start) and the current model's preprocessing
// (scale, per-channel mean/std, BGR order, how images are resized to the model input).

#include "common/sample_loader.h"

#include <QDialog>
#include <QString>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace lantern::gui {

class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    PreferencesDialog(const app::SampleOptions& preprocessing, const QString& language, QWidget* parent = nullptr);

    app::SampleOptions preprocessing() const; ///< the limit of the given options is kept
    QString language() const;                 ///< "" (system), "en", "de" or "es"

    /// "0.5" or "0.485, 0.456, 0.406": numbers with a decimal point, separated by commas (or spaces/semicolons);
    /// empty text → empty list. nullopt for anything that is not a list of finite numbers.
    static std::optional<std::vector<float>> parseNumberList(const QString& text);
    static QString formatNumberList(const std::vector<float>& values);

private:
    void updateState();

    app::SampleOptions m_options;
    QComboBox* m_language = nullptr;
    QCheckBox* m_customScale = nullptr;
    QDoubleSpinBox* m_scale = nullptr;
    QLineEdit* m_mean = nullptr;
    QLineEdit* m_std = nullptr;
    QCheckBox* m_bgr = nullptr;
    QComboBox* m_resize = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace lantern::gui
