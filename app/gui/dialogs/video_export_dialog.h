#pragma once
// Options of a snapshot video: file (MP4 or GIF by its suffix), frame rate, size, the map shown over the probe and
// the frame range. The probe is the scrubber's current one.

#include "common/snapshot_frames.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace lantern::gui {

class VideoExportDialog : public QDialog {
    Q_OBJECT
public:
    /// `seriesNames`/`seriesLabels`: the map series to choose from; `current` the one shown; `frames` the count.
    VideoExportDialog(const QStringList& seriesNames, const QStringList& seriesLabels, const QString& current,
                      int frames, const QString& suggestedPath, QWidget* parent = nullptr);

    /// Hides the panel choice (attention videos have one layout).
    void setPanelsChoosable(bool choosable);
    /// The options as chosen (probe left 0: the caller sets it).
    app::SnapshotVideoOptions options() const;

private:
    void browse();

    QLineEdit* m_path;
    QSpinBox* m_fps;
    QComboBox* m_size;
    QComboBox* m_panels;
    QComboBox* m_series;
    QSpinBox* m_first;
    QSpinBox* m_last;
    QStringList m_names;
};

} // namespace lantern::gui
