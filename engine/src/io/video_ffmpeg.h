#pragma once
// Internal helpers shared by the video writer, the GIF quantizer and the prober: RAII owners of ffmpeg objects
// and errors that name the file, the ffmpeg call and av_strerror's text.

#include "lantern/io/video.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include <cstdio>
#include <memory>
#include <string>

namespace lantern::io::video_detail {

/// av_strerror's text for an AVERROR code.
std::string avErrorText(int code);
/// "PREFIX: CALL failed: TEXT" + " (LOGGED)" when ffmpeg logged an error on this thread since the last call.
std::string avFailure(const std::string& prefix, const std::string& call, int code);
/// Throws IoError "PATH: CALL failed: TEXT" (+ " (LOGGED)": the last error ffmpeg logged on this thread).
[[noreturn]] void throwAvError(const std::string& path, const char* call, int code);
/// The last error ffmpeg logged on this thread since initFfmpegLogs() (or the previous call); "" if none.
std::string takeLoggedError();
/// Throws when code < 0, else returns it.
inline int checkAv(int code, const std::string& path, const char* call)
{
    if (code < 0)
        throwAvError(path, call, code);
    return code;
}
/// Routes ffmpeg's log through Lantern once: errors are kept for exception messages and nothing is printed
/// (unless LANTERN_FFMPEG_LOG is set: then everything is printed as ffmpeg would). Forgets the last error.
void initFfmpegLogs();

struct FrameFree {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct CodecFree {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct SwsFree {
    void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct GraphFree {
    void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};
struct FileClose {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFree>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFree>;
using GraphPtr = std::unique_ptr<AVFilterGraph, GraphFree>;
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

/// A frame with its own buffer (32-byte aligned rows). Throws IoError naming `path` when out of memory.
FramePtr allocFrame(int format, int width, int height, const std::string& path);

/// An anonymous read/write file that disappears when closed (or when the process dies): O_TMPFILE in `dir`
/// when the file system supports it, else std::tmpfile(). Throws IoError naming `path`.
FilePtr anonymousFile(const std::string& dir, const std::string& path);

/// Sets up `sws` for RGB -> YUV (BT.709, limited range) or YUV -> RGB conversions with the given source
/// colorspace tags (AVCOL_SPC_*, AVCOL_RANGE_*); RGB -> RGB conversions ignore the call.
void setSwsColorspace(SwsContext* sws, int srcColorspace, bool srcFullRange, int dstColorspace, bool dstFullRange);

/// Quantizes RGB32 frames (AV_PIX_FMT_RGB32, alpha 255) to PAL8 with one palette for all of them:
/// add() feeds palettegen and spools the frame; after finishInput(), next() returns the quantized frames in
/// order (nullptr after the last). Lives in video_gif.cpp.
class GifQuantizer {
public:
    GifQuantizer(const std::string& path, const std::string& spoolDir, int width, int height, GifDither dither);
    ~GifQuantizer();
    GifQuantizer(const GifQuantizer&) = delete;
    GifQuantizer& operator=(const GifQuantizer&) = delete;

    void add(AVFrame* rgb32);
    void finishInput();
    FramePtr next();
    int frameCount() const { return m_frames; }

private:
    void pullQuantized();

    std::string m_path;
    int m_width;
    int m_height;
    GifDither m_dither;
    int m_frames = 0;
    int m_read = 0;
    GraphPtr m_genGraph;
    AVFilterContext* m_genSrc = nullptr;
    AVFilterContext* m_genSink = nullptr;
    GraphPtr m_useGraph;
    AVFilterContext* m_useSrc = nullptr;
    AVFilterContext* m_usePalSrc = nullptr;
    AVFilterContext* m_useSink = nullptr;
    FilePtr m_spool;
    FramePtr m_readFrame;
    FramePtr m_out;
    bool m_useEof = false;
};

} // namespace lantern::io::video_detail
