#pragma once
// The bundled demos the start page and Help ▸ Demos offer: each opens a model and samples (or a session) that
// ship in resources/, with one line on what it shows. Domain workspaces add theirs here as they land.

#include <QString>
#include <QStringList>

#include <vector>

namespace lantern::gui {

struct Demo {
    QString id;          ///< stable key ("fmnist")
    QString title;       ///< translated
    QString description; ///< one line: what it shows (translated)
    QStringList files;   ///< what openPaths() gets: a model then samples, or a session
    QString icon;        ///< an image that shows what the demo is about (a sample), may be empty
};

/// The demos whose files exist (under the resources/demo folder of the build, or LANTERN_DEMO_DIR at run time).
std::vector<Demo> demos();
/// The folder the demo files are read from.
QString demoDirectory();

} // namespace lantern::gui
