#include "common/snapshot_frames.h"

#include "lantern/error.h"
#include "lantern/io/video.h"
#include "lantern/render/painters.h"
#include "lantern/render/scalar_map.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace lantern::app {

Tensor frameOf(const Tensor& history, int64_t t)
{
    Shape shape(history.shape().begin() + 1, history.shape().end());
    return history.slice(t, t + 1).reshaped(shape);
}

std::vector<double> frameX(const snapshots::SnapshotStore& store)
{
    std::vector<double> x;
    const snapshots::Curves& c = store.curves();
    const int64_t perEpoch = store.header().stepsPerEpoch;
    for (size_t t = 0; t < c.epoch.size(); ++t)
        x.push_back(perEpoch > 0 ? double(c.step[t]) / double(perEpoch) : double(c.epoch[t]));
    return x;
}

TrainLoss splitTrainLoss(const snapshots::SnapshotStore& store)
{
    const snapshots::Curves& c = store.curves();
    const snapshots::SnapshotHeader& h = store.header();
    TrainLoss loss{std::vector<double>(c.trainLoss.size(), std::nan("")), {}};
    loss.epoch = loss.batch;
    for (size_t t = 0; t < c.trainLoss.size(); ++t) {
        const bool epochEnd = h.every == "epoch" || h.stepsPerEpoch <= 0 || c.step[t] == int64_t(c.epoch[t]) * h.stepsPerEpoch;
        (epochEnd ? loss.epoch : loss.batch)[t] = c.trainLoss[t];
    }
    return loss;
}

namespace {

/// The translation context of the texts drawn into frames (lupdate files them under it).
class SnapshotFrames {
    Q_DECLARE_TR_FUNCTIONS(SnapshotFrames)
};

struct Line {
    QString name;
    QColor color;
    std::vector<double> y; ///< per frame (NaN: no point)
    double width = 1.5;
};

/// A small line chart: frame x values, lines, a y range, a cursor at frame `cursor`, a title and a legend.
void paintChart(QPainter& p, const QRectF& area, const QString& title, const std::vector<double>& x,
                const std::vector<Line>& lines, double ylo, double yhi, int64_t cursor, const QFont& font)
{
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    p.setPen(Qt::black);
    p.drawText(QRectF(area.left(), area.top(), area.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    double labels = 0;
    for (double v : {ylo, 0.5 * (ylo + yhi), yhi})
        labels = std::max(labels, fm.horizontalAdvance(QString::number(v, 'g', 3)));
    const QRectF r(area.left() + labels + 8, area.top() + fm.height() + 4, area.width() - labels - 16,
                   area.height() - 2.4 * fm.height() - 8);
    if (x.empty() || r.width() < 10 || r.height() < 10) {
        p.restore();
        return;
    }
    const double xlo = x.front(), xhi = x.back() > x.front() ? x.back() : x.front() + 1;
    auto px = [&](double v) { return r.left() + (v - xlo) / (xhi - xlo) * r.width(); };
    auto py = [&](double v) { return r.bottom() - (v - ylo) / (yhi - ylo) * r.height(); };
    p.setPen(QPen(QColor(200, 200, 200), 1));
    p.drawRect(r);
    p.setPen(QColor(90, 90, 90));
    for (double v : {ylo, 0.5 * (ylo + yhi), yhi})
        p.drawText(QRectF(area.left(), py(v) - fm.height() / 2, r.left() - area.left() - 4, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(v, 'g', 3));
    p.drawText(QRectF(r.left(), r.bottom() + 2, r.width(), fm.height()), Qt::AlignLeft, QString::number(xlo, 'g', 4));
    p.drawText(QRectF(r.left(), r.bottom() + 2, r.width(), fm.height()), Qt::AlignHCenter, SnapshotFrames::tr("epoch"));
    p.drawText(QRectF(r.left(), r.bottom() + 2, r.width(), fm.height()), Qt::AlignRight, QString::number(xhi, 'g', 4));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setClipRect(r.adjusted(-2, -2, 2, 2));
    for (const Line& line : lines) {
        QPainterPath path;
        bool started = false;
        for (size_t t = 0; t < line.y.size() && t < x.size(); ++t) {
            if (!std::isfinite(line.y[t]))
                continue;
            const QPointF q(px(x[t]), py(std::clamp(line.y[t], ylo, yhi)));
            started ? path.lineTo(q) : path.moveTo(q);
            started = true;
        }
        p.setPen(QPen(line.color, line.width));
        p.drawPath(path);
    }
    p.setClipping(false);
    if (cursor >= 0 && size_t(cursor) < x.size()) {
        p.setPen(QPen(QColor(40, 40, 40), 1, Qt::DashLine));
        p.drawLine(QPointF(px(x[size_t(cursor)]), r.top()), QPointF(px(x[size_t(cursor)]), r.bottom()));
    }
    // legend of the named lines, top right inside the plot
    double ly = r.top() + 4;
    for (const Line& line : lines) {
        if (line.name.isEmpty())
            continue;
        const double w = fm.horizontalAdvance(line.name);
        p.setPen(QPen(line.color, 3));
        p.drawLine(QPointF(r.right() - w - 26, ly + fm.height() / 2), QPointF(r.right() - w - 10, ly + fm.height() / 2));
        p.setPen(Qt::black);
        p.drawText(QRectF(r.right() - w - 6, ly, w + 4, fm.height()), Qt::AlignLeft, line.name);
        ly += fm.height();
    }
    p.restore();
}

/// The probe with a map overlaid, drawn crisp (nearest neighbour) into `target` keeping the aspect ratio.
void paintOverlay(QPainter& p, const QRectF& target, const QImage& base, const Tensor& map, const std::string& layout,
                  const QString& title, const QFont& font)
{
    const QFontMetricsF fm(font);
    p.setFont(font);
    p.setPen(Qt::black);
    p.drawText(QRectF(target.left(), target.top(), target.width(), fm.height()), Qt::AlignHCenter | Qt::TextSingleLine,
               fm.elidedText(title, Qt::ElideRight, target.width()));
    const render::ScalarMap scalar = render::toScalarMap(map, layout);
    const render::OverlayStyle style;
    const QImage composed =
        scalar.isEmpty() ? base
                         : render::composeOverlay(base, scalar, style,
                                                  render::mapRange(scalar, style.sign, style.clipPercentile));
    QRectF area(target.left(), target.top() + fm.height() + 2, target.width(), target.height() - fm.height() - 2);
    if (composed.isNull() || area.width() < 4 || area.height() < 4)
        return;
    const double scale = std::min(area.width() / composed.width(), area.height() / composed.height());
    const QSizeF size(composed.width() * scale, composed.height() * scale);
    const QRectF image(area.center().x() - size.width() / 2, area.top(), size.width(), size.height());
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(image, composed);
}

/// Every map series of one frame side by side in `area`, each titled with its layer and top filters.
void paintStrip(QPainter& p, const snapshots::SnapshotStore& store, const ProbeHistory& history, int64_t frame,
                const QRectF& area, const QImage& base, const QFont& font)
{
    if (area.height() < 20 || history.maps.empty())
        return;
    const std::string& layout = store.header().inputLayout;
    const double w = area.width() / double(history.maps.size());
    for (size_t i = 0; i < history.maps.size(); ++i) {
        QString title = QString::fromStdString(store.seriesSpec(history.mapSeries[i]).label).section(QStringLiteral(" · "), 0, 0);
        if (!history.filters[i].isEmpty()) {
            QStringList ids;
            for (float v : frameOf(history.filters[i], frame).values())
                ids << QString::number(int(v));
            title += QStringLiteral(" [") + ids.join(QLatin1Char(',')) + QLatin1Char(']');
        }
        paintOverlay(p, QRectF(area.left() + double(i) * w + 2, area.top(), w - 4, area.height()), base,
                     frameOf(history.maps[i], frame), layout, title, font);
    }
}

} // namespace


SnapshotPanels snapshotPanelsFromName(const std::string& name)
{
    if (name == "full")
        return SnapshotPanels::Full;
    if (name == "map")
        return SnapshotPanels::Map;
    if (name == "layers")
        return SnapshotPanels::Layers;
    throw ArgumentError("--panels " + name + ": full (the scrubber's panels), map (the probe with its map) or layers "
                        "(every layer's map)");
}

QColor classCurveColor(int64_t c, bool target)
{
    if (target)
        return QColor(0xd6, 0x27, 0x28);
    static const QColor quiet[] = {QColor(0x1f, 0x77, 0xb4), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                   QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
                                   QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf), QColor(0xff, 0x7f, 0x0e)};
    QColor color = quiet[c % 9];
    color.setAlpha(150);
    return color;
}

QString className(const snapshots::SnapshotStore& store, int64_t index)
{
    if (index < 0)
        return SnapshotFrames::tr("unknown");
    const auto& names = store.header().classNames;
    return size_t(index) < names.size() ? QString::fromStdString(names[size_t(index)]) : QString::number(index);
}

std::shared_ptr<const ProbeHistory> loadProbeHistory(const snapshots::SnapshotStore& store, int64_t probe)
{
    if (probe < 0 || probe >= store.probes())
        throw ArgumentError(store.path() + ": probe " + std::to_string(probe) + " is out of range (the file has " +
                            std::to_string(store.probes()) + ")");
    auto h = std::make_shared<ProbeHistory>();
    h->probe = probe;
    const Tensor& inputs = store.header().probeInputs;
    h->input = frameOf(inputs, probe).clone();
    for (const snapshots::SeriesSpec& s : store.series()) {
        if (s.kind != "map")
            continue;
        h->mapSeries.push_back(s.name);
        h->maps.push_back(store.readProbeHistory(s.name, probe));
        if (h->maps.back().dim(0) > 0) { // drawable over the probe, or said here rather than at every frame
            try {
                (void)render::toScalarMap(frameOf(h->maps.back(), 0), store.header().inputLayout);
            } catch (const Error& e) {
                throw ShapeError(store.path() + ": series " + s.name + " cannot be drawn as a map (" + e.what() + ")");
            }
        }
        // "x/sum" has its top filters in "x/filter_index"
        Tensor filters;
        const auto slash = s.name.rfind('/');
        if (slash != std::string::npos)
            for (const snapshots::SeriesSpec& f : store.series())
                if (f.kind == "filters" && f.name == s.name.substr(0, slash) + "/filter_index")
                    filters = store.readProbeHistory(f.name, probe);
        h->filters.push_back(filters);
    }
    h->probabilities = store.probabilityHistory(probe);
    return h;
}

std::string defaultMapSeries(const snapshots::SnapshotStore& store)
{
    std::string best;
    for (const snapshots::SeriesSpec& s : store.series())
        if (s.kind == "map" && (best.empty() || s.name.rfind("attentive-response/", 0) == 0))
            best = s.name;
    return best;
}

QImage renderSnapshotFrame(const snapshots::SnapshotStore& store, const ProbeHistory& history, int64_t frame,
                           const SnapshotFrameOptions& options)
{
    const QSize size = options.size;
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    QFont font;
    font.setPixelSize(std::max(10, size.height() / 48));
    QFont big = font;
    big.setPixelSize(std::max(12, size.height() / 32));
    big.setBold(true);
    const QFontMetricsF fm(font), bfm(big);
    const snapshots::SnapshotHeader& h = store.header();
    const std::string series = options.series.empty() ? defaultMapSeries(store) : options.series;
    const auto it = std::find(history.mapSeries.begin(), history.mapSeries.end(), series);
    const size_t chosen = it == history.mapSeries.end() ? 0 : size_t(it - history.mapSeries.begin());
    const QImage base = render::sampleImage(history.input, h.inputLayout);

    // header line: where in training, what the network says
    const snapshots::Curves& c = store.curves();
    const int64_t classes = store.classes();
    const float* prob = history.probabilities.data() + frame * classes;
    const int64_t predicted = std::max_element(prob, prob + classes) - prob;
    const int64_t target = h.probeTargets[size_t(history.probe)];
    QString when = h.every == "steps" ? SnapshotFrames::tr("step %1").arg(c.step[size_t(frame)]) : SnapshotFrames::tr("epoch %1").arg(c.epoch[size_t(frame)]);
    QString head = QStringLiteral("%1 · %2 #%3 · ").arg(when, SnapshotFrames::tr("probe"), QString::number(h.probeIndices[size_t(history.probe)]));
    head += SnapshotFrames::tr("predicted %1 (%2%)").arg(className(store, predicted)).arg(100.0 * prob[predicted], 0, 'f', 1);
    if (target >= 0)
        head += QStringLiteral(" · ") + SnapshotFrames::tr("true class %1").arg(className(store, target));
    p.setFont(big);
    p.setPen(Qt::black);
    const double margin = size.height() / 60.0;
    p.drawText(QRectF(margin, margin, size.width() - 2 * margin, bfm.height()), Qt::AlignLeft | Qt::AlignVCenter, head);

    const double top = margin + bfm.height() + margin;
    const bool full = options.panels == SnapshotPanels::Full;
    const double stripHeight = options.panels == SnapshotPanels::Layers ? size.height() - top - margin
                               : full && history.maps.size() > 1       ? (size.height() - top) * 0.3
                                                                       : 0;
    const double mainHeight = size.height() - top - stripHeight - margin;
    const QRectF left(margin, top, full ? size.width() * 0.45 - margin : size.width() - 2 * margin, mainHeight);
    const QRectF right(size.width() * 0.45 + margin, top, size.width() * 0.55 - 2 * margin, mainHeight);

    // the probe with the chosen map
    const Tensor map = history.maps.empty() ? Tensor() : frameOf(history.maps[chosen], frame);
    const QString mapTitle =
        history.maps.empty() ? SnapshotFrames::tr("input") : QString::fromStdString(store.seriesSpec(history.mapSeries[chosen]).label);
    if (options.panels != SnapshotPanels::Layers)
        paintOverlay(p, left, base, map, h.inputLayout, mapTitle, font);
    if (!full) {
        paintStrip(p, store, history, frame, QRectF(margin, top + mainHeight, size.width() - 2 * margin, stripHeight),
                   base, font);
        p.end();
        return image;
    }

    // probabilities over training and the curves
    const std::vector<double> x = frameX(store);
    std::vector<Line> lines;
    for (int64_t k = 0; k < classes; ++k) {
        Line line{k == target ? className(store, k) + SnapshotFrames::tr(" (true)") : QString(), classCurveColor(k, k == target), {},
                  k == target ? 3.0 : 1.2};
        for (int64_t t = 0; t < history.probabilities.dim(0); ++t)
            line.y.push_back(history.probabilities.data()[t * classes + k]);
        lines.push_back(std::move(line));
    }
    std::stable_partition(lines.begin(), lines.end(), [](const Line& l) { return l.name.isEmpty(); });
    const double chartH = right.height() / 2;
    paintChart(p, QRectF(right.left(), right.top(), right.width(), chartH), SnapshotFrames::tr("class probabilities"), x, lines, 0, 1,
               frame, font);
    const QColor blue(0x1f, 0x77, 0xb4), orange(0xff, 0x7f, 0x0e);
    double lossMax = 0;
    for (double v : c.trainLoss)
        lossMax = std::isfinite(v) ? std::max(lossMax, v) : lossMax;
    for (double v : c.validationLoss)
        lossMax = std::isfinite(v) ? std::max(lossMax, v) : lossMax;
    const QRectF lower(right.left(), right.top() + chartH, right.width() / 2 - margin / 2, chartH);
    // step snapshots hold a batch's loss, epoch ends the epoch's mean: two lines, as in the scrubber
    const TrainLoss trainLoss = splitTrainLoss(store);
    paintChart(p, lower, SnapshotFrames::tr("loss"), x,
               {{QString(), QColor(0x1f, 0x77, 0xb4, 90), trainLoss.batch, 1.0},
                {SnapshotFrames::tr("training"), blue, trainLoss.epoch, 1.5},
                {SnapshotFrames::tr("validation"), orange, c.validationLoss, 1.5}},
               0, lossMax > 0 ? lossMax : 1, frame, font);
    paintChart(p, lower.translated(right.width() / 2 + margin / 2, 0), SnapshotFrames::tr("accuracy"), x,
               {{SnapshotFrames::tr("training"), blue, c.trainAccuracy, 1.5}, {SnapshotFrames::tr("validation"), orange, c.validationAccuracy, 1.5}}, 0,
               1, frame, font);

    paintStrip(p, store, history, frame, QRectF(margin, top + mainHeight, size.width() - 2 * margin, stripHeight), base,
               font);
    p.end();
    return image;
}

SnapshotVideoResult writeSnapshotVideo(const snapshots::SnapshotStore& store, const SnapshotVideoOptions& options,
                                       const std::function<bool(int, int)>& progress)
{
    if (store.frames() == 0)
        throw ArgumentError(store.path() + ": holds no frames");
    const int64_t last = options.last < 0 ? store.frames() - 1 : options.last;
    if (options.first < 0 || options.first > last || last >= store.frames())
        throw ArgumentError(store.path() + ": frames " + std::to_string(options.first) + ".." + std::to_string(last) +
                            " are not within 0.." + std::to_string(store.frames() - 1));
    if (!options.series.empty() && store.seriesSpec(options.series).kind != "map") // names the file's series when unknown
        throw ArgumentError(store.path() + ": series " + options.series + " is not a map (it is '" +
                            store.seriesSpec(options.series).kind + "')");
    if (options.size.width() < 160 || options.size.height() < 120)
        throw ArgumentError("--size " + std::to_string(options.size.width()) + "x" +
                            std::to_string(options.size.height()) + ": at least 160x120");
    const auto history = loadProbeHistory(store, options.probe);
    io::VideoOptions vo(options.size.width(), options.size.height(), io::FrameRate::fromDouble(options.fps));
    vo.pixels = io::PixelLayout::Bgra32;
    io::VideoWriter writer(options.out, vo);
    const int total = int(last - options.first + 1);
    SnapshotFrameOptions fo{options.size, options.series, options.panels};
    for (int64_t t = options.first; t <= last; ++t) {
        const QImage frame = renderSnapshotFrame(store, *history, t, fo);
        writer.addFrame(frame.constBits(), frame.width(), frame.height(), int(frame.bytesPerLine()));
        if (progress && !progress(int(t - options.first + 1), total))
            throw CancelledError();
    }
    writer.finish();
    return {writer.frameCount(), writer.encodedWidth(), writer.encodedHeight(), writer.encoderName()};
}

} // namespace lantern::app
