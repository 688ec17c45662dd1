#include "lantern/widgets/sample_delegate.h"

#include "lantern/widgets/sample_list_model.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace lantern::widgets {

namespace {

constexpr int kPad = 4;
constexpr int kMinTextWidth = 96;

QFont badgeFont(const QFont& base)
{
    QFont f = base;
    f.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.85));
    return f;
}

int badgeHeight(const QFont& base)
{
    return QFontMetrics(badgeFont(base)).height() + 2;
}

void drawBadge(QPainter* p, const QRect& r, const QString& text, const QColor& fill, const QColor& border,
               const QColor& textColor)
{
    if (r.width() <= 4) {
        return;
    }
    QPainterPath path;
    path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
    p->setPen(border);
    p->setBrush(fill);
    p->drawPath(path);
    p->setPen(textColor);
    const QRect textRect = r.adjusted(3, 0, -3, 0);
    p->drawText(textRect, Qt::AlignCenter, p->fontMetrics().elidedText(text, Qt::ElideRight, textRect.width()));
}

} // namespace

SampleDelegate::SampleDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void SampleDelegate::setTileSize(int px)
{
    m_tileSize = std::clamp(px, 16, 512);
}

QColor SampleDelegate::correctColor()
{
    return QColor(0x2e, 0x7d, 0x32);
}

QColor SampleDelegate::wrongColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor SampleDelegate::unknownColor()
{
    return QColor(0x75, 0x75, 0x75);
}

QSize SampleDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& /*index*/) const
{
    const int w = std::max(m_tileSize, kMinTextWidth) + 2 * kPad;
    const int h = kPad + m_tileSize + kPad + option.fontMetrics.height() + kPad + badgeHeight(option.font) + kPad;
    return {w, h};
}

void SampleDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();

    painter->save();
    // Background as the style draws it (hover), then our own selection: the style fills only the text area
    // of a selected icon-mode item, we mark the whole tile.
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
    opt.state &= ~QStyle::State_Selected;
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    const QRect cell = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = (option.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    const QColor textColor = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    if (selected) {
        QPainterPath path;
        path.addRoundedRect(QRectF(cell).adjusted(1, 1, -1, -1), 4, 4);
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->fillPath(path, option.palette.brush(group, QPalette::Highlight));
        painter->setRenderHint(QPainter::Antialiasing, false);
    }

    // Thumbnail: nearest-neighbour upscale, aspect kept, centred in the square tile.
    const QRect tile(cell.x() + (cell.width() - m_tileSize) / 2, cell.y() + kPad, m_tileSize, m_tileSize);
    const QImage thumb = qvariant_cast<QImage>(index.data(Qt::DecorationRole));
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    if (!thumb.isNull()) {
        const QSizeF scaled = QSizeF(thumb.size()).scaled(QSizeF(tile.size()), Qt::KeepAspectRatio);
        const QRectF target(tile.x() + (tile.width() - scaled.width()) / 2.0,
                            tile.y() + (tile.height() - scaled.height()) / 2.0, scaled.width(), scaled.height());
        painter->drawImage(target, thumb);
        painter->setPen(option.palette.color(group, QPalette::Mid));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5));
    } else {
        painter->fillRect(tile, option.palette.color(group, QPalette::Midlight));
    }

    // Name.
    const QRect textArea(cell.x() + kPad, tile.bottom() + 1 + kPad, cell.width() - 2 * kPad,
                         option.fontMetrics.height());
    painter->setPen(textColor);
    painter->setFont(option.font);
    painter->drawText(
        textArea, Qt::AlignHCenter | Qt::AlignVCenter,
        option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideMiddle, textArea.width()));

    // Badges: label (neutral) and prediction (coloured by correctness).
    const int label = index.data(SampleListModel::LabelRole).toInt();
    const int predicted = index.data(SampleListModel::PredictedRole).toInt();
    const float confidence = index.data(SampleListModel::ConfidenceRole).toFloat();
    const QVariant correct = index.data(SampleListModel::CorrectRole);
    const QFont bf = badgeFont(option.font);
    painter->setFont(bf);
    const QFontMetrics bfm(bf);
    const QRect badgeRow(cell.x() + kPad, textArea.bottom() + 1 + kPad, cell.width() - 2 * kPad,
                         badgeHeight(option.font));

    QString labelText;
    if (label >= 0) {
        labelText = index.data(SampleListModel::LabelNameRole).toString();
    }
    QString predText;
    if (predicted >= 0) {
        const QString percent =
            confidence >= 0 ? tr("%1 %").arg(QLocale().toString(100.0 * confidence, 'f', 0)) : QString();
        const bool isCorrect = correct.isValid() && correct.toBool();
        if (isCorrect) {
            predText = percent.isEmpty() ? tr("correct") : percent;
        } else {
            const QString name = index.data(SampleListModel::PredictedNameRole).toString();
            predText = percent.isEmpty() ? name : tr("%1 %2").arg(name, percent);
        }
    }
    // The prediction matters most (it carries the correctness colour): it keeps its natural width and the
    // label badge shrinks first, down to a stub.
    const int gap = 3;
    const int labelNatural = labelText.isEmpty() ? 0 : bfm.horizontalAdvance(labelText) + 8;
    const int predNatural = predText.isEmpty() ? 0 : bfm.horizontalAdvance(predText) + 8;
    const int avail = badgeRow.width();
    const int labelStub = std::min(labelNatural, 28);
    int predW = std::min(predNatural, avail - (labelStub ? labelStub + gap : 0));
    int labelW = std::min(labelNatural, avail - (predW ? predW + gap : 0));
    const int total = labelW + predW + ((labelW && predW) ? gap : 0);
    int x = badgeRow.x() + (badgeRow.width() - total) / 2;
    if (labelW) {
        drawBadge(painter, QRect(x, badgeRow.y(), labelW, badgeRow.height()), labelText,
                  option.palette.color(group, QPalette::Button), option.palette.color(group, QPalette::Mid),
                  option.palette.color(group, QPalette::ButtonText));
        x += labelW + gap;
    }
    if (predW) {
        const QColor fill = !correct.isValid() ? unknownColor() : (correct.toBool() ? correctColor() : wrongColor());
        drawBadge(painter, QRect(x, badgeRow.y(), predW, badgeRow.height()), predText, fill, fill.darker(120),
                  Qt::white);
    }
    painter->restore();
}

} // namespace lantern::widgets
