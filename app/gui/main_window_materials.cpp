// The main window's side of the materials workspace: creating it on first use, showing it instead of the explorer
// (the explorer's docks hide as for the start page), and routing structure files to it.
#include "main_window.h"

#include "task_runner.h"
#include "workspaces/materials/materials_workspace.h"

#include "lantern/materials/prototypes.h"
#include "lantern/materials/readers.h"

#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QStackedWidget>

namespace lantern::gui {

namespace {

/// A structure file by name; a .json file only when it holds pymatgen "sites" (Keras architectures are JSON too).
bool isStructurePath(const QString& path)
{
    if (!materials::isStructureFile(path.toStdString()))
        return materials::isPrototypeSpec(path.toStdString()) && !QFileInfo::exists(path);
    if (QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) != 0)
        return true;
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(1 << 16).contains("\"sites\"");
}

bool isModelPath(const QString& path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    return s == QLatin1String("onnx") || s == QLatin1String("h5") || s == QLatin1String("hdf5") || s == QLatin1String("keras");
}

} // namespace

MaterialsWorkspace* MainWindow::materialsWorkspace()
{
    if (!m_materials) {
        m_materials = new MaterialsWorkspace(m_runner, m_stack);
        m_stack->addWidget(m_materials);
        connect(m_materials, &MaterialsWorkspace::errorOccurred, this, &MainWindow::showError);
        connect(m_materials, &MaterialsWorkspace::statusMessage, this, [this](const QString& m) { m_statusLabel->setText(m); });
        connect(m_materials, &MaterialsWorkspace::structuresLoaded, this, [this] { setWindowTitle(tr("Materials — Lantern")); });
    }
    return m_materials;
}

void MainWindow::showMaterials()
{
    showPage(materialsWorkspace());
}

void MainWindow::showPage(QWidget* page)
{
    if (m_stack->currentWidget() == page)
        return;
    if (m_stack->currentWidget() == m_view) {
        m_dockState = saveState();
        for (QDockWidget* d : m_docks)
            d->hide();
    }
    m_stack->setCurrentWidget(page);
}

bool MainWindow::materialsShown() const
{
    return m_materials && m_stack->currentWidget() == m_materials;
}

bool MainWindow::openMaterialsPaths(const QStringList& paths)
{
    QStringList structures, models;
    for (const QString& p : paths) {
        if (isStructurePath(p))
            structures << p;
        else if (isModelPath(p))
            models << p;
    }
    if (structures.isEmpty())
        return false;
    MaterialsWorkspace* page = materialsWorkspace();
    showMaterials();
    for (const QString& m : models)
        page->openModel(m);
    page->openStructures(structures);
    for (const QString& s : structures)
        if (QFileInfo::exists(s))
            addRecent(s);
    return true;
}

void MainWindow::chooseStructures()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Crystal Structures"), dialogDirectory(QStringLiteral("structures")),
        tr("Crystal structures (%1);;All files (*)").arg(QString::fromStdString(materials::structureFilePatterns())));
    if (files.isEmpty())
        return;
    rememberDirectory(QStringLiteral("structures"), files.front());
    openPaths(files);
}

} // namespace lantern::gui
