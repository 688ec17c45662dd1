// VideoWriter: frames -> swscale -> encoder (libx264 / libvpx-vp9 / gif) -> muxer -> temporary file -> rename.
// GIF frames go through GifQuantizer (video_gif.cpp) first; see io/video.h for the behaviour.
#include "io/video_ffmpeg.h"

#include "lantern/error.h"

extern "C" {
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <unistd.h>

namespace lantern::io {

using namespace video_detail;
namespace fs = std::filesystem;

namespace {

constexpr int kMaxSide = 16384;

int bytesPerPixel(PixelLayout layout)
{
    return layout == PixelLayout::Rgb24 ? 3 : 4;
}

AVPixelFormat inputPixelFormat(PixelLayout layout)
{
    switch (layout) {
    case PixelLayout::Rgb24:
        return AV_PIX_FMT_RGB24;
    case PixelLayout::Rgba32:
        return AV_PIX_FMT_RGBA;
    case PixelLayout::Bgra32:
        return AV_PIX_FMT_BGRA;
    }
    return AV_PIX_FMT_RGB24;
}

const char* muxerName(VideoFormat f)
{
    switch (f) {
    case VideoFormat::Mp4:
        return "mp4";
    case VideoFormat::Mkv:
        return "matroska";
    case VideoFormat::WebM:
        return "webm";
    case VideoFormat::Gif:
        return "gif";
    case VideoFormat::Auto:
        break;
    }
    return "";
}

void validate(const std::string& path, const VideoOptions& o, VideoFormat f)
{
    if (o.width <= 0 || o.height <= 0 || o.width > kMaxSide || o.height > kMaxSide)
        throw ArgumentError(path + ": invalid video size " + std::to_string(o.width) + "x" + std::to_string(o.height) +
                            " (width and height must be 1.." + std::to_string(kMaxSide) + ")");
    const double fps = o.fps.value();
    const double maxFps = f == VideoFormat::Gif ? 50 : 1000;
    if (o.fps.num <= 0 || o.fps.den <= 0 || fps < 1e-3 || fps > maxFps)
        throw ArgumentError(path + ": invalid frame rate " + std::to_string(o.fps.num) + "/" +
                            std::to_string(o.fps.den) + " (must be 0.001.." +
                            (f == VideoFormat::Gif ? "50 for GIF: its delays are centiseconds" : "1000") + ")");
    const int maxCrf = f == VideoFormat::WebM ? 63 : 51;
    if (f != VideoFormat::Gif && (o.crf < -1 || o.crf > maxCrf))
        throw ArgumentError(path + ": invalid CRF " + std::to_string(o.crf) + " (0.." + std::to_string(maxCrf) +
                            ", or -1 for the default)");
    if (o.keyframeInterval < 0)
        throw ArgumentError(path + ": invalid keyframe interval " + std::to_string(o.keyframeInterval));
    if (f == VideoFormat::Gif && (o.loop < -1 || o.loop > 65535))
        throw ArgumentError(path + ": invalid GIF loop count " + std::to_string(o.loop) +
                            " (0 = forever, -1 = once, up to 65535)");
}

std::string temporaryName(const fs::path& target)
{
    std::random_device rd;
    static const char hex[] = "0123456789abcdef";
    std::string tag;
    for (int i = 0; i < 8; ++i)
        tag.push_back(hex[rd() % 16]);
    std::string name = "."; // built by append: GCC 12 -Wrestrict misfires on chained operator+
    name.append(target.filename().string()).append(".").append(tag).append(".part");
    return (target.parent_path() / name).string();
}

struct Dict {
    AVDictionary* d = nullptr;
    ~Dict() { av_dict_free(&d); }
    void set(const char* key, const std::string& value) { av_dict_set(&d, key, value.c_str(), 0); }
};

} // namespace

struct VideoWriter::Impl {
    std::string path;
    std::string tmpPath;
    VideoOptions opt;
    VideoFormat format = VideoFormat::Auto;
    int encWidth = 0;
    int encHeight = 0;
    int frames = 0;
    bool active = false; // open and not finished; the fields above stay readable after finish()
    bool headerWritten = false;
    std::string encoder;
    AVFormatContext* mux = nullptr;
    AVStream* stream = nullptr;
    CodecPtr enc;
    SwsPtr sws;
    FramePtr frame; // yuv420p (video) or RGB32 (GIF) in the encoded size
    PacketPtr packet;
    std::vector<uint8_t> padded; // odd-sized H.264 input, one column/row repeated
    std::unique_ptr<GifQuantizer> gif;

    ~Impl() { close(true); }

    void close(bool removeFile) noexcept
    {
        gif.reset();
        if (mux) {
            // the GIF muxer (ffmpeg 5.1) holds the last packet back to know its delay and frees it only in its
            // trailer, not when the context is freed: write the trailer into the file about to be removed
            if (headerWritten && removeFile && format == VideoFormat::Gif && mux->pb)
                av_write_trailer(mux);
            if (mux->pb)
                avio_closep(&mux->pb);
            avformat_free_context(mux);
            mux = nullptr;
            stream = nullptr;
        }
        enc.reset();
        sws.reset();
        frame.reset();
        packet.reset();
        padded = {};
        if (removeFile && !tmpPath.empty()) {
            std::error_code ec;
            fs::remove(tmpPath, ec);
        }
        tmpPath.clear();
    }

    void open();
    void openEncoder();
    void encode(const AVFrame* f);
    void convert(const uint8_t* pixels, int stride);
    void finish(const Progress& progress);
};

void VideoWriter::Impl::openEncoder()
{
    const AVCodec* codec = nullptr;
    if (format == VideoFormat::Gif) {
        codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    } else if (format == VideoFormat::WebM) {
        codec = avcodec_find_encoder_by_name("libvpx-vp9");
        if (!codec)
            throw IoError(path + ": this ffmpeg build has no VP9 encoder (libvpx-vp9) for WebM; write .mp4 instead");
    } else {
        codec = avcodec_find_encoder_by_name("libx264");
        if (!codec)
            codec = avcodec_find_encoder(AV_CODEC_ID_H264);
    }
    if (!codec)
        throw IoError(path + ": this ffmpeg build has no " + (format == VideoFormat::Gif ? "GIF" : "H.264") +
                      " encoder");
    encoder = codec->name;

    enc.reset(avcodec_alloc_context3(codec));
    if (!enc)
        throwAvError(path, "avcodec_alloc_context3", AVERROR(ENOMEM));
    enc->width = encWidth;
    enc->height = encHeight;
    enc->time_base = AVRational{opt.fps.den, opt.fps.num};
    enc->framerate = AVRational{opt.fps.num, opt.fps.den};
    enc->sample_aspect_ratio = AVRational{1, 1};
    Dict codecOpts;
    if (format == VideoFormat::Gif) {
        enc->pix_fmt = AV_PIX_FMT_PAL8;
    } else {
        enc->pix_fmt = AV_PIX_FMT_YUV420P;
        enc->gop_size = opt.keyframeInterval > 0 ? opt.keyframeInterval
                                                 : std::max(1, static_cast<int>(std::lround(2 * opt.fps.value())));
        enc->color_range = AVCOL_RANGE_MPEG;
        enc->colorspace = AVCOL_SPC_BT709;
        enc->color_primaries = AVCOL_PRI_BT709;
        enc->color_trc = AVCOL_TRC_BT709;
        if (encoder == "libx264") {
            codecOpts.set("crf", std::to_string(opt.crf < 0 ? 18 : opt.crf));
            codecOpts.set("preset", "medium");
        } else if (encoder == "libvpx-vp9") {
            enc->bit_rate = 0; // constant quality
            codecOpts.set("crf", std::to_string(opt.crf < 0 ? 32 : opt.crf));
            codecOpts.set("deadline", "good");
            codecOpts.set("cpu-used", "4");
            codecOpts.set("row-mt", "1");
        } else {
            // another H.264 encoder (hardware, OpenH264): no CRF, ask for a generous bit rate instead
            enc->bit_rate = static_cast<int64_t>(0.15 * encWidth * encHeight * opt.fps.value()) + 200000;
        }
    }
    if (mux->oformat->flags & AVFMT_GLOBALHEADER)
        enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    const int err = avcodec_open2(enc.get(), codec, &codecOpts.d);
    if (err < 0)
        throw IoError(avFailure(path, "avcodec_open2(" + encoder + ")", err));
}

void VideoWriter::Impl::open()
{
    initFfmpegLogs();
    format = opt.format == VideoFormat::Auto ? videoFormatFromPath(path) : opt.format;
    validate(path, opt, format);
    const bool h264 = format == VideoFormat::Mp4 || format == VideoFormat::Mkv;
    encWidth = h264 ? (opt.width + 1) / 2 * 2 : opt.width;
    encHeight = h264 ? (opt.height + 1) / 2 * 2 : opt.height;
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw IoError(path + ": is a folder, not a video file");

    const fs::path target(path);
    tmpPath = temporaryName(target);
    checkAv(avformat_alloc_output_context2(&mux, nullptr, muxerName(format), tmpPath.c_str()), path,
            "avformat_alloc_output_context2");
    openEncoder();
    stream = avformat_new_stream(mux, nullptr);
    if (!stream)
        throwAvError(path, "avformat_new_stream", AVERROR(ENOMEM));
    checkAv(avcodec_parameters_from_context(stream->codecpar, enc.get()), path, "avcodec_parameters_from_context");
    stream->time_base = enc->time_base;
    stream->avg_frame_rate = enc->framerate;
    {
        const int err = avio_open(&mux->pb, tmpPath.c_str(), AVIO_FLAG_WRITE);
        if (err < 0) {
            tmpPath.clear(); // nothing was created
            throw IoError(avFailure(path + ": cannot create the file", "avio_open", err));
        }
    }
    Dict muxOpts;
    if (format == VideoFormat::Mp4)
        muxOpts.set("movflags", "+faststart");
    if (format == VideoFormat::Gif)
        muxOpts.set("loop", std::to_string(opt.loop));
    checkAv(avformat_write_header(mux, &muxOpts.d), path, "avformat_write_header");
    headerWritten = true;

    packet.reset(av_packet_alloc());
    if (!packet)
        throwAvError(path, "av_packet_alloc", AVERROR(ENOMEM));
    const AVPixelFormat inFmt = inputPixelFormat(opt.pixels);
    const AVPixelFormat convFmt = format == VideoFormat::Gif ? AV_PIX_FMT_RGB32 : AV_PIX_FMT_YUV420P;
    frame = allocFrame(convFmt, encWidth, encHeight, path);
    sws.reset(sws_getContext(encWidth, encHeight, inFmt, encWidth, encHeight, convFmt,
                             SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
    if (!sws)
        throw IoError(path + ": sws_getContext failed for " + av_get_pix_fmt_name(inFmt) + " -> " +
                      av_get_pix_fmt_name(convFmt));
    if (format != VideoFormat::Gif)
        setSwsColorspace(sws.get(), AVCOL_SPC_RGB, true, AVCOL_SPC_BT709, false);
    if (format == VideoFormat::Gif)
        gif = std::make_unique<GifQuantizer>(path, target.has_parent_path() ? target.parent_path().string() : ".",
                                             encWidth, encHeight, opt.dither);
}

void VideoWriter::Impl::convert(const uint8_t* pixels, int stride)
{
    const int bpp = bytesPerPixel(opt.pixels);
    if (encWidth != opt.width || encHeight != opt.height) {
        // H.264 4:2:0 needs even sizes: repeat the last column and/or row
        const size_t rowBytes = static_cast<size_t>(encWidth) * bpp;
        padded.resize(rowBytes * encHeight);
        for (int y = 0; y < encHeight; ++y) {
            const uint8_t* src = pixels + static_cast<ptrdiff_t>(std::min(y, opt.height - 1)) * stride;
            uint8_t* dst = padded.data() + rowBytes * y;
            std::memcpy(dst, src, static_cast<size_t>(opt.width) * bpp);
            if (encWidth != opt.width)
                std::memcpy(dst + static_cast<size_t>(opt.width) * bpp, src + static_cast<size_t>(opt.width - 1) * bpp,
                            bpp);
        }
        pixels = padded.data();
        stride = static_cast<int>(rowBytes);
    }
    checkAv(av_frame_make_writable(frame.get()), path, "av_frame_make_writable");
    const uint8_t* const srcSlice[1] = {pixels};
    const int srcStride[1] = {stride};
    sws_scale(sws.get(), srcSlice, srcStride, 0, encHeight, frame->data, frame->linesize);
    if (format == VideoFormat::Gif && opt.pixels != PixelLayout::Rgb24) {
        // frames are opaque: palettegen/paletteuse would otherwise treat low alpha as transparency
        for (int y = 0; y < encHeight; ++y) {
            uint8_t* row = frame->data[0] + static_cast<ptrdiff_t>(y) * frame->linesize[0];
            for (int x = 0; x < encWidth; ++x) {
                uint32_t px;
                std::memcpy(&px, row + static_cast<ptrdiff_t>(4) * x, 4);
                px |= 0xFF000000u; // AV_PIX_FMT_RGB32 is native-endian 0xAARRGGBB
                std::memcpy(row + static_cast<ptrdiff_t>(4) * x, &px, 4);
            }
        }
    }
}

void VideoWriter::Impl::encode(const AVFrame* f)
{
    int err = avcodec_send_frame(enc.get(), f);
    if (err < 0 && !(f == nullptr && err == AVERROR_EOF))
        throw IoError(avFailure(path, "avcodec_send_frame(" + encoder + ")", err));
    for (;;) {
        err = avcodec_receive_packet(enc.get(), packet.get());
        if (err == AVERROR(EAGAIN) || err == AVERROR_EOF)
            return;
        if (err < 0)
            throw IoError(avFailure(path, "avcodec_receive_packet(" + encoder + ")", err));
        av_packet_rescale_ts(packet.get(), enc->time_base, stream->time_base);
        packet->stream_index = stream->index;
        checkAv(av_interleaved_write_frame(mux, packet.get()), path, "av_interleaved_write_frame");
    }
}

void VideoWriter::Impl::finish(const Progress& progress)
{
    const int total = frames;
    if (gif) {
        gif->finishInput();
        int done = 0;
        while (FramePtr q = gif->next()) {
            q->pts = done;
            encode(q.get());
            ++done;
            if (progress && !progress(done, total))
                throw CancelledError();
        }
        if (done != total)
            throw IoError(path + ": paletteuse returned " + std::to_string(done) + " of " + std::to_string(total) +
                          " frames");
        gif.reset();
    } else if (progress && !progress(total, total)) {
        throw CancelledError();
    }
    encode(nullptr);
    headerWritten = false; // whatever happens, no second trailer
    checkAv(av_write_trailer(mux), path, "av_write_trailer");
    checkAv(avio_closep(&mux->pb), path, "avio_closep");
    // on disk before it gets its name, like every other atomic write of Lantern
    const int fd = ::open(tmpPath.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    if (!synced)
        throw IoError(path + ": cannot flush the file to disk");
    std::error_code ec;
    fs::rename(tmpPath, path, ec);
    if (ec)
        throw IoError(path + ": cannot rename the finished video onto its name: " + ec.message());
    tmpPath.clear();
    close(false);
    active = false;
}

VideoWriter::VideoWriter() = default;

VideoWriter::VideoWriter(const std::string& path, const VideoOptions& options)
{
    open(path, options);
}

VideoWriter::~VideoWriter()
{
    cancel();
}

VideoWriter::VideoWriter(VideoWriter&&) noexcept = default;

VideoWriter& VideoWriter::operator=(VideoWriter&& other) noexcept
{
    if (this != &other) {
        cancel();
        m_impl = std::move(other.m_impl);
    }
    return *this;
}

void VideoWriter::open(const std::string& path, const VideoOptions& options)
{
    cancel();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->opt = options;
    impl->open(); // on a throw, ~Impl frees everything and removes the temporary file
    impl->active = true;
    m_impl = std::move(impl);
}

void VideoWriter::addFrame(const uint8_t* pixels, int width, int height, int strideBytes)
{
    if (!isOpen())
        throw ArgumentError("VideoWriter::addFrame: the writer is not open");
    initFfmpegLogs();
    const VideoOptions& o = m_impl->opt;
    const std::string& path = m_impl->path;
    if (width != o.width || height != o.height)
        throw ArgumentError(path + ": frame " + std::to_string(m_impl->frames) + " is " + std::to_string(width) + "x" +
                            std::to_string(height) + ", the video is " + std::to_string(o.width) + "x" +
                            std::to_string(o.height));
    const int rowBytes = width * bytesPerPixel(o.pixels);
    if (strideBytes == 0)
        strideBytes = rowBytes;
    if (!pixels || strideBytes < rowBytes)
        throw ArgumentError(path + ": frame " + std::to_string(m_impl->frames) +
                            (pixels ? ": row stride " + std::to_string(strideBytes) + " is shorter than a row (" +
                                          std::to_string(rowBytes) + " bytes)"
                                    : ": no pixels"));
    try {
        m_impl->convert(pixels, strideBytes);
        if (m_impl->gif) {
            m_impl->gif->add(m_impl->frame.get());
        } else {
            m_impl->frame->pts = m_impl->frames;
            m_impl->encode(m_impl->frame.get());
        }
        ++m_impl->frames;
    } catch (...) {
        cancel();
        throw;
    }
}

void VideoWriter::finish(const Progress& progress)
{
    if (!isOpen())
        throw ArgumentError("VideoWriter::finish: the writer is not open");
    initFfmpegLogs();
    if (m_impl->frames == 0) {
        const std::string path = m_impl->path;
        cancel();
        throw ArgumentError(path + ": no frames were added; no video written");
    }
    try {
        m_impl->finish(progress);
    } catch (...) {
        cancel();
        throw;
    }
}

void VideoWriter::cancel() noexcept
{
    m_impl.reset();
}

bool VideoWriter::isOpen() const
{
    return m_impl && m_impl->active;
}
int VideoWriter::frameCount() const
{
    return m_impl ? m_impl->frames : 0;
}
int VideoWriter::encodedWidth() const
{
    return m_impl ? m_impl->encWidth : 0;
}
int VideoWriter::encodedHeight() const
{
    return m_impl ? m_impl->encHeight : 0;
}
VideoFormat VideoWriter::format() const
{
    return m_impl ? m_impl->format : VideoFormat::Auto;
}
std::string VideoWriter::encoderName() const
{
    return m_impl ? m_impl->encoder : std::string();
}

const std::string& VideoWriter::path() const
{
    static const std::string empty;
    return m_impl ? m_impl->path : empty;
}

} // namespace lantern::io
