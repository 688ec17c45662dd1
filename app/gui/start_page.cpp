#include "start_page.h"

#include "demos.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include <functional>

namespace lantern::gui {

namespace {

QLabel* heading(const QString& text, QWidget* parent, double scale)
{
    auto* l = new QLabel(text, parent);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(true);
    l->setFont(f);
    return l;
}

} // namespace

DemoCard::DemoCard(const Demo& demo, QWidget* parent) : QFrame(parent), m_id(demo.id)
{
    setObjectName(QStringLiteral("demo-") + demo.id);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Open %1").arg(demo.files.join(QStringLiteral(", "))));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(10, 10, 10, 10);
    row->setSpacing(12);
    auto* icon = new QLabel(this);
    const QPixmap pixmap(demo.icon);
    if (!pixmap.isNull())
        icon->setPixmap(pixmap.scaled(72, 72, Qt::KeepAspectRatio, Qt::FastTransformation));
    icon->setFixedSize(72, 72);
    row->addWidget(icon, 0, Qt::AlignTop);
    auto* text = new QVBoxLayout;
    auto* title = new QLabel(demo.title, this);
    QFont f = title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    title->setFont(f);
    auto* description = new QLabel(demo.description, this);
    description->setWordWrap(true);
    text->addWidget(title);
    text->addWidget(description);
    text->addStretch(1);
    row->addLayout(text, 1);
}

void DemoCard::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        emit chosen(m_id);
    QFrame::mouseReleaseEvent(event);
}

void DemoCard::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        emit chosen(m_id);
        return;
    }
    QFrame::keyPressEvent(event);
}

void DemoCard::enterEvent(QEnterEvent* event)
{
    setBackgroundRole(QPalette::AlternateBase);
    QFrame::enterEvent(event);
}

void DemoCard::leaveEvent(QEvent* event)
{
    setBackgroundRole(QPalette::Base);
    QFrame::leaveEvent(event);
}

QWidget* StartPage::makeDemoCards(QWidget* parent, const std::function<void(const QString&)>& receiver)
{
    auto* box = new QWidget(parent);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    for (const Demo& d : demos()) {
        auto* card = new DemoCard(d, box);
        QObject::connect(card, &DemoCard::chosen, box, receiver);
        column->addWidget(card);
    }
    if (demos().empty()) {
        auto* none = new QLabel(tr("No demos found (resources/demo is missing)"), box);
        none->setEnabled(false);
        column->addWidget(none);
    }
    column->addStretch(1);
    return box;
}

QList<DemoCard*> StartPage::demoCards() const
{
    return findChildren<DemoCard*>();
}

StartPage::StartPage(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("StartPage"));
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    auto* column = new QVBoxLayout;
    column->setSpacing(14);
    outer->addLayout(column, 5);
    outer->addStretch(1);

    column->addStretch(1);
    column->addWidget(heading(tr("Lantern"), this, 2.4));
    auto* lead = new QLabel(tr("See why a neural network decided: open a trained model (ONNX or Keras) and samples, "
                               "then step through saliency, relevance (LRP), attentive response maps and optimal "
                               "inputs."),
                            this);
    lead->setWordWrap(true);
    column->addWidget(lead);

    auto* buttons = new QHBoxLayout;
    auto* model = new QPushButton(tr("Open &Model…"), this);
    auto* samples = new QPushButton(tr("Open &Samples…"), this);
    auto* session = new QPushButton(tr("Open Sessio&n…"), this);
    model->setObjectName(QStringLiteral("openModel"));
    model->setToolTip(tr("ONNX, Keras .h5, or a Keras 1 JSON architecture with its weights"));
    samples->setToolTip(tr("Images or a folder of them, .npy, .npz, .h5, IDX; open the model first"));
    session->setToolTip(tr("A .lantern session: model, samples and what was on screen"));
    for (auto* b : {model, samples, session}) {
        b->setMinimumHeight(b->sizeHint().height() * 3 / 2);
        buttons->addWidget(b);
    }
    column->addLayout(buttons);
    connect(model, &QPushButton::clicked, this, &StartPage::openModelRequested);
    connect(samples, &QPushButton::clicked, this, &StartPage::openSamplesRequested);
    connect(session, &QPushButton::clicked, this, &StartPage::openSessionRequested);

    auto* lists = new QHBoxLayout;
    lists->setSpacing(24);
    auto* demoColumn = new QVBoxLayout;
    demoColumn->addWidget(heading(tr("Demos"), this, 1.2));
    demoColumn->addWidget(makeDemoCards(this, [this](const QString& id) { emit demoChosen(id); }), 1);
    auto* recentColumn = new QVBoxLayout;
    recentColumn->addWidget(heading(tr("Recent files"), this, 1.2));
    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("recent"));
    m_recent->setFrameShape(QFrame::NoFrame);
    m_recent->setBackgroundRole(QPalette::Window);
    m_noRecent = new QLabel(tr("Files you open appear here."), this);
    m_noRecent->setEnabled(false);
    recentColumn->addWidget(m_recent, 1);
    recentColumn->addWidget(m_noRecent);
    recentColumn->addStretch(0);
    lists->addLayout(demoColumn, 3);
    lists->addLayout(recentColumn, 2);
    column->addLayout(lists, 2);
    auto* hint =
        new QLabel(tr("You can also drop files on the window. Help ▸ Demos lists the demos again later."), this);
    hint->setEnabled(false);
    column->addWidget(hint);
    column->addStretch(1);

    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit recentChosen(item->data(Qt::UserRole).toString()); });
    connect(m_recent, &QListWidget::itemClicked, m_recent, &QListWidget::itemActivated);
}

void StartPage::setRecentFiles(const QStringList& paths)
{
    m_recent->clear();
    for (const QString& p : paths) {
        const QFileInfo info(p);
        auto* item = new QListWidgetItem(info.fileName(), m_recent);
        item->setData(Qt::UserRole, p);
        item->setToolTip(p);
        item->setIcon(style()->standardIcon(info.isDir() ? QStyle::SP_DirIcon : QStyle::SP_FileIcon));
    }
    m_recent->setVisible(!paths.isEmpty());
    m_noRecent->setVisible(paths.isEmpty());
}

} // namespace lantern::gui
