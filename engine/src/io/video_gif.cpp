// GIF colour quantization with one palette for the whole animation (see io/video.h):
//   add():        frame -> buffer -> palettegen (histogram of every pixel of every frame)   + spool file
//   finishInput(): palettegen's palette (16x16 RGB32)
//   next():       spooled frame -> buffer ─┐
//                 palette       -> buffer ─┴> paletteuse (dither, rectangle diff mode) -> PAL8 frame
// Both graphs process each frame as it is pushed (AV_BUFFERSRC_FLAG_PUSH), so nothing queues up in memory.
#include "io/video_ffmpeg.h"

#include "lantern/error.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/pixdesc.h>
}

#include <cstring>

namespace lantern::io::video_detail {

namespace {

AVFilterContext* createFilter(AVFilterGraph* graph, const char* filter, const char* name, const std::string& args,
                              const std::string& path)
{
    const AVFilter* f = avfilter_get_by_name(filter);
    if (!f)
        throw IoError(path + ": libavfilter has no '" + filter + "' filter");
    AVFilterContext* ctx = nullptr;
    const int err = avfilter_graph_create_filter(&ctx, f, name, args.empty() ? nullptr : args.c_str(), nullptr, graph);
    if (err < 0)
        throw IoError(avFailure(path, std::string("avfilter_graph_create_filter(") + filter + ")", err));
    return ctx;
}

std::string bufferArgs(int width, int height)
{
    return "video_size=" + std::to_string(width) + "x" + std::to_string(height) +
           ":pix_fmt=" + std::to_string(static_cast<int>(AV_PIX_FMT_RGB32)) + ":time_base=1/1000:pixel_aspect=1/1";
}

const char* ditherArgs(GifDither dither)
{
    switch (dither) {
    case GifDither::ErrorDiffusion:
        return "dither=sierra2_4a:diff_mode=rectangle";
    case GifDither::Bayer:
        return "dither=bayer:bayer_scale=5:diff_mode=rectangle";
    case GifDither::None:
        return "dither=none:diff_mode=rectangle";
    }
    return "";
}

GraphPtr newGraph(const std::string& path)
{
    GraphPtr g(avfilter_graph_alloc());
    if (!g)
        throwAvError(path, "avfilter_graph_alloc", AVERROR(ENOMEM));
    g->nb_threads = 1; // frames are small and the machine is shared; slice threads cost more than they save here
    return g;
}

} // namespace

GifQuantizer::GifQuantizer(const std::string& path, const std::string& spoolDir, int width, int height,
                           GifDither dither)
    : m_path(path), m_width(width), m_height(height), m_dither(dither)
{
    m_genGraph = newGraph(path);
    m_genSrc = createFilter(m_genGraph.get(), "buffer", "frames", bufferArgs(width, height), path);
    // 255 colours + the transparent index the GIF encoder uses to store only what changed between frames
    AVFilterContext* gen = createFilter(m_genGraph.get(), "palettegen", "palettegen",
                                        "max_colors=256:reserve_transparent=1:stats_mode=full", path);
    m_genSink = createFilter(m_genGraph.get(), "buffersink", "palette", "", path);
    checkAv(avfilter_link(m_genSrc, 0, gen, 0), path, "avfilter_link");
    checkAv(avfilter_link(gen, 0, m_genSink, 0), path, "avfilter_link");
    checkAv(avfilter_graph_config(m_genGraph.get(), nullptr), path, "avfilter_graph_config(palettegen)");
    m_spool = anonymousFile(spoolDir, path);
}

GifQuantizer::~GifQuantizer() = default;

void GifQuantizer::add(AVFrame* rgb32)
{
    rgb32->pts = m_frames;
    // the spool holds tightly packed rows
    const size_t rowBytes = static_cast<size_t>(m_width) * 4;
    for (int y = 0; y < m_height; ++y)
        if (std::fwrite(rgb32->data[0] + static_cast<ptrdiff_t>(y) * rgb32->linesize[0], 1, rowBytes, m_spool.get()) !=
            rowBytes)
            throw IoError(m_path + ": cannot write the GIF frames' temporary file (disk full?)");
    checkAv(av_buffersrc_add_frame_flags(m_genSrc, rgb32, AV_BUFFERSRC_FLAG_KEEP_REF | AV_BUFFERSRC_FLAG_PUSH), m_path,
            "av_buffersrc_add_frame(palettegen)");
    ++m_frames;
}

void GifQuantizer::finishInput()
{
    checkAv(av_buffersrc_add_frame_flags(m_genSrc, nullptr, AV_BUFFERSRC_FLAG_PUSH), m_path,
            "av_buffersrc_add_frame(palettegen, end)");
    FramePtr palette(av_frame_alloc());
    if (!palette)
        throwAvError(m_path, "av_frame_alloc", AVERROR(ENOMEM));
    checkAv(av_buffersink_get_frame(m_genSink, palette.get()), m_path, "av_buffersink_get_frame(palettegen)");
    m_genGraph.reset();

    m_useGraph = newGraph(m_path);
    m_useSrc = createFilter(m_useGraph.get(), "buffer", "frames", bufferArgs(m_width, m_height), m_path);
    m_usePalSrc =
        createFilter(m_useGraph.get(), "buffer", "palette", bufferArgs(palette->width, palette->height), m_path);
    AVFilterContext* use = createFilter(m_useGraph.get(), "paletteuse", "paletteuse", ditherArgs(m_dither), m_path);
    m_useSink = createFilter(m_useGraph.get(), "buffersink", "quantized", "", m_path);
    checkAv(avfilter_link(m_useSrc, 0, use, 0), m_path, "avfilter_link");
    checkAv(avfilter_link(m_usePalSrc, 0, use, 1), m_path, "avfilter_link");
    checkAv(avfilter_link(use, 0, m_useSink, 0), m_path, "avfilter_link");
    checkAv(avfilter_graph_config(m_useGraph.get(), nullptr), m_path, "avfilter_graph_config(paletteuse)");
    // one palette for every frame: it starts at time 0 and lasts forever after its stream ends
    palette->pts = 0;
    checkAv(av_buffersrc_add_frame_flags(m_usePalSrc, palette.get(), AV_BUFFERSRC_FLAG_PUSH), m_path,
            "av_buffersrc_add_frame(palette)");
    checkAv(av_buffersrc_add_frame_flags(m_usePalSrc, nullptr, AV_BUFFERSRC_FLAG_PUSH), m_path,
            "av_buffersrc_add_frame(palette, end)");

    if (std::fflush(m_spool.get()) != 0 || std::fseek(m_spool.get(), 0, SEEK_SET) != 0)
        throw IoError(m_path + ": cannot read back the GIF frames' temporary file");
    m_readFrame = allocFrame(AV_PIX_FMT_RGB32, m_width, m_height, m_path);
    m_out.reset(av_frame_alloc());
    if (!m_out)
        throwAvError(m_path, "av_frame_alloc", AVERROR(ENOMEM));
}

FramePtr GifQuantizer::next()
{
    for (;;) {
        const int err = av_buffersink_get_frame(m_useSink, m_out.get());
        if (err >= 0) {
            FramePtr frame(av_frame_alloc());
            if (!frame)
                throwAvError(m_path, "av_frame_alloc", AVERROR(ENOMEM));
            av_frame_move_ref(frame.get(), m_out.get());
            return frame;
        }
        if (err == AVERROR_EOF)
            return nullptr;
        if (err != AVERROR(EAGAIN))
            throwAvError(m_path, "av_buffersink_get_frame(paletteuse)", err);
        if (m_useEof)
            throw IoError(m_path + ": paletteuse returned fewer frames than it was given");
        pullQuantized();
    }
}

void GifQuantizer::pullQuantized()
{
    if (m_read == m_frames) {
        checkAv(av_buffersrc_add_frame_flags(m_useSrc, nullptr, AV_BUFFERSRC_FLAG_PUSH), m_path,
                "av_buffersrc_add_frame(paletteuse, end)");
        m_useEof = true;
        return;
    }
    checkAv(av_frame_make_writable(m_readFrame.get()), m_path, "av_frame_make_writable");
    const size_t rowBytes = static_cast<size_t>(m_width) * 4;
    for (int y = 0; y < m_height; ++y)
        if (std::fread(m_readFrame->data[0] + static_cast<ptrdiff_t>(y) * m_readFrame->linesize[0], 1, rowBytes,
                       m_spool.get()) != rowBytes)
            throw IoError(m_path + ": cannot read back the GIF frames' temporary file");
    m_readFrame->pts = m_read++;
    checkAv(
        av_buffersrc_add_frame_flags(m_useSrc, m_readFrame.get(), AV_BUFFERSRC_FLAG_KEEP_REF | AV_BUFFERSRC_FLAG_PUSH),
        m_path, "av_buffersrc_add_frame(paletteuse)");
}

} // namespace lantern::io::video_detail
