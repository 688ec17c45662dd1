#include "dialogs/video_export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace lantern::gui {

VideoExportDialog::VideoExportDialog(const QStringList& seriesNames, const QStringList& seriesLabels,
                                     const QString& current, int frames, const QString& suggestedPath, QWidget* parent)
    : QDialog(parent), m_names(seriesNames)
{
    setWindowTitle(tr("Export Snapshot Video"));
    m_path = new QLineEdit(suggestedPath, this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout();
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_fps = new QSpinBox(this);
    m_fps->setRange(1, 50);
    m_fps->setValue(10);
    m_fps->setSuffix(tr(" fps"));
    m_size = new QComboBox(this);
    for (const QSize s : {QSize(1280, 720), QSize(1920, 1080), QSize(960, 540), QSize(640, 360)})
        m_size->addItem(QStringLiteral("%1 × %2").arg(s.width()).arg(s.height()), s);
    m_panels = new QComboBox(this);
    m_panels->addItem(tr("The scrubber's panels"), int(app::SnapshotPanels::Full));
    m_panels->addItem(tr("The probe with its map"), int(app::SnapshotPanels::Map));
    m_panels->addItem(tr("Every layer's map"), int(app::SnapshotPanels::Layers));
    m_series = new QComboBox(this);
    m_series->addItems(seriesLabels);
    m_series->setCurrentIndex(std::max(0, int(seriesNames.indexOf(current))));
    m_series->setEnabled(!seriesNames.isEmpty());
    m_first = new QSpinBox(this);
    m_last = new QSpinBox(this);
    m_first->setRange(0, std::max(0, frames - 1));
    m_last->setRange(0, std::max(0, frames - 1));
    m_last->setValue(std::max(0, frames - 1));
    auto* range = new QHBoxLayout();
    range->addWidget(m_first);
    range->addWidget(m_last);
    auto* form = new QFormLayout();
    form->addRow(tr("File (.mp4, .gif):"), pathRow);
    form->addRow(tr("Frame rate:"), m_fps);
    form->addRow(tr("Size:"), m_size);
    form->addRow(tr("Panels:"), m_panels);
    form->addRow(tr("Map:"), m_series);
    form->addRow(tr("Frames (first, last):"), range);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(browse, &QPushButton::clicked, this, &VideoExportDialog::browse);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_first, &QSpinBox::valueChanged, this, [this](int v) { m_last->setMinimum(v); });
}

void VideoExportDialog::setPanelsChoosable(bool choosable)
{
    m_panels->setEnabled(choosable);
}

void VideoExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Snapshot Video"), m_path->text(),
                                                      tr("MP4 video (*.mp4);;Animated GIF (*.gif)"));
    if (!path.isEmpty())
        m_path->setText(path);
}

app::SnapshotVideoOptions VideoExportDialog::options() const
{
    app::SnapshotVideoOptions o;
    o.out = m_path->text().toStdString();
    o.fps = m_fps->value();
    o.size = m_size->currentData().toSize();
    if (m_series->currentIndex() >= 0 && m_series->currentIndex() < m_names.size())
        o.series = m_names.at(m_series->currentIndex()).toStdString();
    o.panels = static_cast<app::SnapshotPanels>(m_panels->currentData().toInt());
    o.first = m_first->value();
    o.last = m_last->value();
    return o;
}

} // namespace lantern::gui
