#pragma once
// Video files through the ffmpeg libraries (libavcodec, libavformat, libavfilter, libswscale; none of their types
// appear here).
//
// Writing: VideoWriter takes frames of exactly width x height pixels in the layout chosen by
// VideoOptions::pixels (RGB24 by default; alpha, when the layout has it, is ignored: frames are opaque) and writes
//  - .mp4 (also .m4v): H.264 (libx264 when present, else the first H.264 encoder libavcodec has), yuv420p,
//    CRF 18, BT.709 tags, `+faststart` (index first, so browsers play it while it loads);
//  - .mkv: the same H.264 stream in Matroska;
//  - .webm: VP9 (libvpx-vp9), yuv420p, CRF 32;
//  - .gif: one global palette of 255 colours + a transparent index (the GIF encoder uses it to store only what
//    changed between frames), computed by libavfilter's palettegen over ALL frames (full statistics), then
//    applied by paletteuse with the chosen dither. A per-frame or fixed (RGB8) palette bands smooth colormaps
//    and flickers. Frames are spooled until finish(): each addFrame() converts the frame, adds it to the
//    palette's histogram and appends it (4 bytes a pixel) to an unnamed temporary file in the output folder
//    (/tmp when that folder cannot hold one), so memory stays flat; finish() quantizes and encodes them all.
//    GIF delays are centiseconds: frame i starts at round(100 i / fps) cs, so at 12 fps the delays are
//    8, 8, 9, 8, 8, 9... cs and the mean rate stays exact. At most 50 fps (browsers slow 1 cs delays to 10 cs).
//
// H.264 in yuv420p needs even dimensions: an odd width or height is padded by one column/row that repeats the
// last one, so a 161x99 frame is encoded (and decoded) as 162x100 (encodedWidth()/encodedHeight()). VP9 and
// GIF keep the exact size.
//
// Atomicity: the file is written under a temporary name (".NAME.XXXXXX.part") in the destination folder and
// renamed onto `path` by finish(). cancel(), the destructor without finish(), and any failure remove it, so no
// half-written file is ever left at `path` (an existing file there stays untouched until finish() succeeds).
//
// Errors: ArgumentError for bad options or frames (unknown extension, sizes or rates out of range, wrong frame
// size, calls out of order), IoError for files (messages name the file and the failing ffmpeg call with its
// error text), CancelledError when finish()'s progress callback returns false. After an IoError the writer is
// closed and its temporary file removed; after an ArgumentError from addFrame() it stays usable.
//
// ffmpeg's log is routed through Lantern (av_log_set_callback, once): nothing is printed, and the last error it
// logged is appended to the exception's message, e.g. "...: avformat_open_input failed: Invalid data found when
// processing input (moov atom not found)". Set LANTERN_FFMPEG_LOG=1 to have it printed as ffmpeg would.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lantern::io {

enum class VideoFormat { Auto, Mp4, Mkv, WebM, Gif };

/// The format an extension (case-insensitive) names: .mp4/.m4v, .mkv, .webm, .gif; ArgumentError otherwise.
VideoFormat videoFormatFromPath(const std::string& path);
/// "mp4", "mkv", "webm", "gif" ("auto" for Auto).
std::string videoFormatName(VideoFormat format);

/// Frames per second as a fraction (num/den), so NTSC's 30000/1001 is exact.
struct FrameRate {
    int num = 12;
    int den = 1;
    /// The nearest fraction: integers exactly, 23.976/29.97/59.94 as N*1000/1001, others within 1e-4.
    static FrameRate fromDouble(double fps);
    double value() const { return den > 0 ? static_cast<double>(num) / den : 0.0; }
};

/// Byte order of the frames given to addFrame(). Bgra32 is QImage::Format_RGB32/ARGB32 on little-endian
/// machines, Rgba32 is QImage::Format_RGBA8888, Rgb24 is QImage::Format_RGB888.
enum class PixelLayout { Rgb24, Rgba32, Bgra32 };

/// GIF dithering (paletteuse). Bayer (ordered 8x8, scale 5; the default): a pixel's pattern depends only on its
/// position and colour, so regions that do not change stay identical between frames (no shimmer, and the GIF
/// stores only what changed); 2.5x faster and 2.4x smaller than ErrorDiffusion on moving 640x480 heat maps.
/// ErrorDiffusion (Sierra-2-4A, ffmpeg's default): the closest local mean colour, best for stills. None: nearest
/// palette colour; bands on gradients wider than the palette's steps.
enum class GifDither { Bayer, ErrorDiffusion, None };

struct VideoOptions {
    VideoOptions() = default;
    VideoOptions(int w, int h, FrameRate rate = {}) : width(w), height(h), fps(rate) {}

    int width = 0;                          ///< frame width in pixels, 1..16384
    int height = 0;                         ///< frame height in pixels, 1..16384
    FrameRate fps;                          ///< default 12/1; 0.001..1000 (GIF: at most 50)
    VideoFormat format = VideoFormat::Auto; ///< Auto: from the extension
    PixelLayout pixels = PixelLayout::Rgb24;
    int crf = -1;             ///< quality (lower is better): -1 = 18 for H.264 (0..51), 32 for VP9 (0..63)
    int keyframeInterval = 0; ///< frames between keyframes (H.264/VP9); 0 = two seconds
    int loop = 0;             ///< GIF: 0 = forever, -1 = play once, n > 0 = play n + 1 times
    GifDither dither = GifDither::Bayer;
};

class VideoWriter {
public:
    /// Called by finish() as frames are encoded; return false to cancel (CancelledError, no file left).
    using Progress = std::function<bool(int framesDone, int framesTotal)>;

    VideoWriter();
    /// Same as VideoWriter() + open(path, options).
    VideoWriter(const std::string& path, const VideoOptions& options);
    /// Without a successful finish(), removes the temporary file (cancel()).
    ~VideoWriter();
    VideoWriter(VideoWriter&&) noexcept;
    VideoWriter& operator=(VideoWriter&&) noexcept;
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    /// Validates the options, creates the temporary file and the encoder. Errors here, not at the first frame:
    /// an unwritable folder is an IoError from open(). A writer already open is cancelled first.
    void open(const std::string& path, const VideoOptions& options);
    /// Appends one frame of exactly options.width x options.height pixels (ArgumentError otherwise);
    /// `strideBytes` is the distance between rows, 0 = tightly packed. The pixels are copied before it returns.
    void addFrame(const uint8_t* pixels, int width, int height, int strideBytes = 0);
    /// Flushes the encoder, writes the trailer, renames the file onto its path; the writer is closed after it
    /// (isOpen() false) while frameCount(), encodedWidth()... still describe the file written.
    /// ArgumentError if no frame was added (nothing is written).
    void finish(const Progress& progress = {});
    /// Abandons the file: frees the encoder and removes the temporary file. Safe to call any time, repeatedly.
    void cancel() noexcept;

    bool isOpen() const;
    int frameCount() const;   ///< frames added so far
    int encodedWidth() const; ///< the size in the file (H.264: rounded up to even)
    int encodedHeight() const;
    VideoFormat format() const;      ///< resolved from Auto
    std::string encoderName() const; ///< libavcodec's encoder, e.g. "libx264", "gif", "libvpx-vp9"
    const std::string& path() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// What probeVideo() decoded.
struct VideoInfo {
    std::string container;   ///< libavformat's demuxer, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "gif", "matroska,webm"
    std::string codec;       ///< libavcodec's codec, e.g. "h264", "gif", "vp9"
    std::string pixelFormat; ///< of the decoded frames, e.g. "yuv420p", "bgra"
    int width = 0;
    int height = 0;
    int frameCount = 0;            ///< frames actually decoded (not the container's claim)
    double duration = 0;           ///< seconds: last frame's start + its duration - first frame's start
    double fps = 0;                ///< frameCount / duration (the container's average rate when duration is unknown)
    int capturedFrame = -1;        ///< index of the frame kept in frameRgb, -1 if none
    std::vector<uint8_t> frameRgb; ///< that frame as RGB24, width * 3 bytes a row
    /// Mean R, G, B (0..255) of the captured frame inside the rectangle (clipped; whole frame by default).
    std::array<double, 3> meanRgb(int x = 0, int y = 0, int w = -1, int h = -1) const;
};

/// Decodes every frame of a video file (any format libavformat reads). `captureFrame` >= 0 keeps that frame as
/// RGB24 (BT.601/709 and range from the stream's tags). IoError naming the file and the ffmpeg call on failure;
/// ArgumentError when captureFrame is past the last frame.
VideoInfo probeVideo(const std::string& path, int captureFrame = -1);

} // namespace lantern::io
