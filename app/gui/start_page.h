#pragma once
// What an empty window shows: how to begin (open a model, samples or a session), the bundled demos as cards with
// one line on what each shows, and the recent files. The main window shows it until something is loaded; Help ▸
// Demos shows the same cards in a dialog.

#include <QFrame>
#include <QWidget>

class QListWidget;
class QLabel;
class QVBoxLayout;

namespace lantern::gui {

struct Demo;

/// One demo: thumbnail, title and description; a click (or Enter/Space when focused) chooses it.
class DemoCard : public QFrame {
    Q_OBJECT
public:
    DemoCard(const Demo& demo, QWidget* parent = nullptr);
    const QString& demoId() const { return m_id; }

signals:
    void chosen(const QString& id);

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QString m_id;
};

class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(QWidget* parent = nullptr);

    /// Rebuilds the recent-files list (absolute paths, newest first).
    void setRecentFiles(const QStringList& paths);
    QListWidget* recentList() const { return m_recent; }
    /// The cards of the bundled demos (start page and Help ▸ Demos).
    QList<DemoCard*> demoCards() const;

    /// A column of demo cards; each card's chosen(id) is forwarded to `receiver`.
    static QWidget* makeDemoCards(QWidget* parent, const std::function<void(const QString&)>& receiver);

signals:
    void openModelRequested();
    void openSamplesRequested();
    void openSessionRequested();
    void recentChosen(const QString& path);
    void demoChosen(const QString& id);

private:
    QListWidget* m_recent;
    QLabel* m_noRecent;
};

} // namespace lantern::gui
