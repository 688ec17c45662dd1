// The main window's side of training in the app: the Train dialog (created on first use, non-modal), and at the end
// of a run the trained model opened in the explorer and the snapshot file offered in the recent files.
#include "main_window.h"

#include "dialogs/train_dialog.h"

#include <QFileInfo>
#include <QLabel>

namespace lantern::gui {

void MainWindow::showTrainDialog()
{
    if (!m_trainDialog) {
        m_trainDialog = new TrainDialog(this);
        connect(m_trainDialog, &TrainDialog::trained, this, [this](const QString& model, const QString& snapshots) {
            if (!snapshots.isEmpty() && QFileInfo::exists(snapshots))
                addRecent(snapshots);
            if (!model.isEmpty() && model.endsWith(QLatin1String(".onnx"), Qt::CaseInsensitive)) {
                showStartPage(false);
                openModel(model);
            }
            m_statusLabel->setText(snapshots.isEmpty()
                                       ? tr("Training done: %1").arg(QFileInfo(model).fileName())
                                       : tr("Training done: %1; snapshots in %2 (File ▸ Open Recent)")
                                             .arg(QFileInfo(model).fileName(), QFileInfo(snapshots).fileName()));
        });
    }
    m_trainDialog->show();
    m_trainDialog->raise();
    m_trainDialog->activateWindow();
}

} // namespace lantern::gui
