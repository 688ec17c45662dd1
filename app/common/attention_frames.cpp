#include "common/attention_frames.h"

#include "lantern/error.h"
#include "lantern/io/video.h"
#include "lantern/render/attention.h"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>

namespace lantern::app {

namespace {

/// The translation context of the texts drawn into frames (lupdate files them under it).
class AttentionFrames {
    Q_DECLARE_TR_FUNCTIONS(AttentionFrames)
};

} // namespace

QImage renderAttentionFrame(const snapshots::CrabNetRecording& recording, int64_t sample, const Tensor& series,
                            int64_t epoch, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    QFont font;
    font.setPixelSize(std::max(10, size.height() / 40));
    const snapshots::CrabNetSample& s = recording.sample(sample);
    render::AttentionPlot plot;
    const int n = recording.elements(), heads = recording.heads();
    plot.values = series.slice(epoch, epoch + 1).reshaped({heads, n, n});
    for (const std::string& sym : s.symbols)
        plot.symbols << QString::fromStdString(sym);
    plot.fractions = s.fractions;
    plot.title = AttentionFrames::tr("%1 · layer %2 · epoch %3 of %4")
                     .arg(QString::fromStdString(s.formula))
                     .arg(recording.layer())
                     .arg(epoch)
                     .arg(recording.epochs() - 1);
    for (int h = 0; h < heads; ++h) {
        plot.heads.push_back(h);
        plot.headTitles << AttentionFrames::tr("Head %1").arg(h + 1);
    }
    render::paintAttention(p, QRectF(0, 0, size.width(), size.height()), plot, font, Qt::black, AttentionFrames::tr("attention"));
    p.end();
    return image;
}

void writeAttentionVideo(const std::string& store, const AttentionVideoOptions& options,
                         const std::function<bool(int, int)>& progress)
{
    snapshots::CrabNetOptions co;
    co.layer = options.layer;
    if (!options.layout.empty())
        co.order = snapshots::rowOrderFromName(options.layout);
    writeAttentionVideo(snapshots::CrabNetRecording::open(store, options.csv, co), options, progress);
}

void writeAttentionVideo(const snapshots::CrabNetRecording& rec, const AttentionVideoOptions& options,
                         const std::function<bool(int, int)>& progress)
{
    const std::string store = rec.array().describe();
    if (options.sample < 0 || options.sample >= rec.samples())
        throw ArgumentError(store + ": sample " + std::to_string(options.sample) + " is out of range (the recording has " +
                            std::to_string(rec.samples()) + ")");
    const int64_t last = options.last < 0 ? rec.epochs() - 1 : options.last;
    if (options.first < 0 || options.first > last || last >= rec.epochs())
        throw ArgumentError(store + ": epochs " + std::to_string(options.first) + ".." + std::to_string(last) +
                            " are not within 0.." + std::to_string(rec.epochs() - 1));
    if (options.size.width() < 160 || options.size.height() < 120)
        throw ArgumentError("--size: at least 160x120");
    const Tensor series = rec.series(options.sample);
    io::VideoOptions vo(options.size.width(), options.size.height(), io::FrameRate::fromDouble(options.fps));
    vo.pixels = io::PixelLayout::Bgra32;
    io::VideoWriter writer(options.out, vo);
    const int total = int(last - options.first + 1);
    for (int64_t e = options.first; e <= last; ++e) {
        const QImage frame = renderAttentionFrame(rec, options.sample, series, e, options.size);
        writer.addFrame(frame.constBits(), frame.width(), frame.height(), int(frame.bytesPerLine()));
        if (progress && !progress(int(e - options.first + 1), total))
            throw CancelledError();
    }
    writer.finish();
}

} // namespace lantern::app
