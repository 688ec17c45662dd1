#pragma once
// A small line chart with axes: one or more series over a shared x axis (iterations, epochs, steps), tick labels on
// both axes, axis titles, an optional fixed y range (probabilities: 0..1) and an optional cursor at an x value (the
// current epoch of a timeline). Used for the optimal-input probability climb and training curves.

#include <QColor>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

namespace lantern::widgets {

struct CurveSeries {
    QString name;
    QColor color;
    std::vector<double> x, y; ///< same length; x ascending
};

class CurvePlot : public QWidget {
    Q_OBJECT

public:
    explicit CurvePlot(QWidget* parent = nullptr);

    void setSeries(std::vector<CurveSeries> series);
    /// Appends a point to series `index` (created empty as needed).
    void append(int index, double x, double y);
    void clear();
    const std::vector<CurveSeries>& series() const { return m_series; }

    void setAxisTitles(const QString& x, const QString& y);
    /// A fixed y range (e.g. 0..1); without one the range follows the data.
    void setYRange(std::optional<std::pair<double, double>> range);
    /// A fixed x range; without one it follows the data.
    void setXRange(std::optional<std::pair<double, double>> range);
    /// A vertical cursor at x (nullopt: none).
    void setCursor(std::optional<double> x);

    /// Where the data area lies in widget coordinates, and the value ranges it shows.
    QRectF plotRect() const;
    std::pair<double, double> xRange() const;
    std::pair<double, double> yRange() const;
    /// Tick values of an axis range (1-2-5 steps, about `count` ticks).
    static std::vector<double> ticks(double lo, double hi, int count = 5);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    std::vector<CurveSeries> m_series;
    QString m_xTitle, m_yTitle;
    std::optional<std::pair<double, double>> m_yRange, m_xRange;
    std::optional<double> m_cursor;
};

} // namespace lantern::widgets
