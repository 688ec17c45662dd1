// Shared ffmpeg helpers of the video writer and prober; format names and frame rates of the public header.
#include "io/video_ffmpeg.h"

#include "lantern/error.h"

extern "C" {
#include <libavutil/log.h>
#include <libavutil/rational.h>
}

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <unistd.h>

namespace lantern::io {

VideoFormat videoFormatFromPath(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".mp4" || ext == ".m4v")
        return VideoFormat::Mp4;
    if (ext == ".mkv")
        return VideoFormat::Mkv;
    if (ext == ".webm")
        return VideoFormat::WebM;
    if (ext == ".gif")
        return VideoFormat::Gif;
    if (ext.empty())
        throw ArgumentError(path + ": no file extension to tell the video format (use .mp4, .gif, .webm or .mkv)");
    throw ArgumentError(path + ": unknown video format '" + ext + "' (use .mp4, .gif, .webm or .mkv)");
}

std::string videoFormatName(VideoFormat format)
{
    switch (format) {
    case VideoFormat::Auto:
        return "auto";
    case VideoFormat::Mp4:
        return "mp4";
    case VideoFormat::Mkv:
        return "mkv";
    case VideoFormat::WebM:
        return "webm";
    case VideoFormat::Gif:
        return "gif";
    }
    return "unknown";
}

FrameRate FrameRate::fromDouble(double fps)
{
    if (!std::isfinite(fps) || fps <= 0 || fps > 1e6)
        return {0, 1};
    const double rounded = std::round(fps);
    if (std::abs(fps - rounded) < 1e-9)
        return {static_cast<int>(rounded), 1};
    // NTSC rates (23.976, 29.97, 59.94...) are N*1000/1001
    const double ntsc = std::round(fps * 1.001);
    if (std::abs(fps - ntsc / 1.001) < 5e-4 * std::max(1.0, fps / 30))
        return {static_cast<int>(ntsc) * 1000, 1001};
    const AVRational q = av_d2q(fps, 100000);
    return {q.num, q.den};
}

std::array<double, 3> VideoInfo::meanRgb(int x, int y, int w, int h) const
{
    if (frameRgb.empty() || width <= 0 || height <= 0)
        throw ArgumentError("VideoInfo::meanRgb: no frame was captured (pass captureFrame to probeVideo)");
    if (w < 0)
        w = width - x;
    if (h < 0)
        h = height - y;
    const int x0 = std::clamp(x, 0, width), x1 = std::clamp(x + w, 0, width);
    const int y0 = std::clamp(y, 0, height), y1 = std::clamp(y + h, 0, height);
    std::array<double, 3> sum{0, 0, 0};
    if (x1 <= x0 || y1 <= y0)
        throw ArgumentError("VideoInfo::meanRgb: the rectangle lies outside the " + std::to_string(width) + "x" +
                            std::to_string(height) + " frame");
    for (int r = y0; r < y1; ++r) {
        const uint8_t* row = frameRgb.data() + static_cast<size_t>(r) * width * 3;
        for (int c = x0; c < x1; ++c)
            for (int k = 0; k < 3; ++k)
                sum[k] += row[c * 3 + k];
    }
    const double n = static_cast<double>(x1 - x0) * (y1 - y0);
    return {sum[0] / n, sum[1] / n, sum[2] / n};
}

namespace video_detail {

std::string avErrorText(int code)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buf, sizeof buf) < 0)
        return "error " + std::to_string(code);
    return buf;
}

namespace {

// the last error ffmpeg logged on this thread, e.g. "moov atom not found", added to the next exception's message
thread_local std::string t_lastLogged;
bool g_passLogs = false;

void logCallback(void* avcl, int level, const char* fmt, va_list args)
{
    if (level <= AV_LOG_ERROR && fmt) {
        va_list copy;
        va_copy(copy, args);
        char line[512];
        const int n = std::vsnprintf(line, sizeof line, fmt, copy);
        va_end(copy);
        if (n > 0) {
            std::string text(line);
            while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
                text.pop_back();
            if (!text.empty())
                t_lastLogged = text;
        }
    }
    if (g_passLogs)
        av_log_default_callback(avcl, level, fmt, args);
}

} // namespace

std::string takeLoggedError()
{
    std::string text;
    text.swap(t_lastLogged);
    return text;
}

std::string avFailure(const std::string& prefix, const std::string& call, int code)
{
    std::string message = prefix + ": " + call + " failed: " + avErrorText(code);
    const std::string logged = takeLoggedError();
    if (!logged.empty())
        message += " (" + logged + ")";
    return message;
}

void throwAvError(const std::string& path, const char* call, int code)
{
    throw IoError(avFailure(path, call, code));
}

void initFfmpegLogs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        g_passLogs = std::getenv("LANTERN_FFMPEG_LOG") != nullptr;
        av_log_set_callback(logCallback);
    });
    t_lastLogged.clear();
}

FramePtr allocFrame(int format, int width, int height, const std::string& path)
{
    FramePtr f(av_frame_alloc());
    if (!f)
        throwAvError(path, "av_frame_alloc", AVERROR(ENOMEM));
    f->format = format;
    f->width = width;
    f->height = height;
    checkAv(av_frame_get_buffer(f.get(), 32), path, "av_frame_get_buffer");
    return f;
}

FilePtr anonymousFile(const std::string& dir, const std::string& path)
{
#ifdef O_TMPFILE
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        if (std::FILE* f = ::fdopen(fd, "w+b"))
            return FilePtr(f);
        ::close(fd);
    }
#endif
    std::FILE* f = std::tmpfile();
    if (!f)
        throw IoError(path + ": cannot create a temporary file for the GIF frames in " + dir +
                      " or the system's "
                      "temporary folder");
    return FilePtr(f);
}

namespace {
int swsColorspace(int avcolSpc)
{
    switch (avcolSpc) {
    case AVCOL_SPC_BT709:
        return SWS_CS_ITU709;
    case AVCOL_SPC_FCC:
        return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M:
        return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        return SWS_CS_BT2020;
    default: // BT.470BG, SMPTE 170M and untagged streams: BT.601
        return SWS_CS_ITU601;
    }
}
} // namespace

void setSwsColorspace(SwsContext* sws, int srcColorspace, bool srcFullRange, int dstColorspace, bool dstFullRange)
{
    sws_setColorspaceDetails(sws, sws_getCoefficients(swsColorspace(srcColorspace)), srcFullRange ? 1 : 0,
                             sws_getCoefficients(swsColorspace(dstColorspace)), dstFullRange ? 1 : 0, 0, 1 << 16,
                             1 << 16);
}

} // namespace video_detail
} // namespace lantern::io
