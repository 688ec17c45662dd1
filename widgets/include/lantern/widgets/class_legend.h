#pragma once
// Colour swatches with class names, wrapped into rows (render::paintClassLegend), for categorical views
// (dominant class, CLEAR).

#include <QColor>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace lantern::widgets {

class ClassLegend : public QWidget {
    Q_OBJECT

public:
    explicit ClassLegend(QWidget* parent = nullptr);

    /// One swatch per colour; labels default to the class index where missing.
    void setClasses(const std::vector<QColor>& colors, const QStringList& labels);
    const std::vector<QColor>& colors() const { return m_colors; }
    const QStringList& labels() const { return m_labels; }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int itemWidth() const;
    int rowCount(int width) const;

    std::vector<QColor> m_colors;
    QStringList m_labels;
};

} // namespace lantern::widgets
