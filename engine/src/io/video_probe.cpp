// probeVideo: demux and decode every frame of the best video stream; count, time and optionally keep one frame.
#include "io/video_ffmpeg.h"

#include "lantern/error.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <algorithm>

namespace lantern::io {

using namespace video_detail;

namespace {

struct InputClose {
    void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};

int64_t frameDuration(const AVFrame* f)
{
#if LIBAVUTIL_VERSION_MAJOR >= 58
    return f->duration;
#else
    return f->pkt_duration;
#endif
}

std::vector<uint8_t> toRgb24(const AVFrame* f, const std::string& path)
{
    const auto fmt = static_cast<AVPixelFormat>(f->format);
    SwsPtr sws(sws_getContext(f->width, f->height, fmt, f->width, f->height, AV_PIX_FMT_RGB24,
                              SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
    if (!sws)
        throw IoError(path + ": sws_getContext failed for " +
                      (av_get_pix_fmt_name(fmt) ? av_get_pix_fmt_name(fmt) : "an unknown pixel format") + " -> rgb24");
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(fmt);
    if (desc && !(desc->flags & AV_PIX_FMT_FLAG_RGB) && !(desc->flags & AV_PIX_FMT_FLAG_PAL))
        setSwsColorspace(sws.get(), f->colorspace, f->color_range == AVCOL_RANGE_JPEG, AVCOL_SPC_RGB, true);
    std::vector<uint8_t> rgb(static_cast<size_t>(f->width) * f->height * 3);
    uint8_t* dst[1] = {rgb.data()};
    const int dstStride[1] = {f->width * 3};
    sws_scale(sws.get(), f->data, f->linesize, 0, f->height, dst, dstStride);
    return rgb;
}

} // namespace

VideoInfo probeVideo(const std::string& path, int captureFrame)
{
    initFfmpegLogs();
    AVFormatContext* raw = nullptr;
    int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (err < 0)
        throw IoError(avFailure(path + ": cannot open the video", "avformat_open_input", err));
    std::unique_ptr<AVFormatContext, InputClose> input(raw);
    checkAv(avformat_find_stream_info(input.get(), nullptr), path, "avformat_find_stream_info");
    const AVCodec* decoder = nullptr;
    const int si = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (si < 0)
        throw IoError(avFailure(path + ": no decodable video stream", "av_find_best_stream", si));
    AVStream* stream = input->streams[si];

    CodecPtr dec(avcodec_alloc_context3(decoder));
    if (!dec)
        throwAvError(path, "avcodec_alloc_context3", AVERROR(ENOMEM));
    checkAv(avcodec_parameters_to_context(dec.get(), stream->codecpar), path, "avcodec_parameters_to_context");
    dec->pkt_timebase = stream->time_base;
    checkAv(avcodec_open2(dec.get(), decoder, nullptr), path, "avcodec_open2");

    VideoInfo info;
    info.container = input->iformat->name;
    info.codec = avcodec_get_name(stream->codecpar->codec_id);
    int64_t firstPts = AV_NOPTS_VALUE, endPts = AV_NOPTS_VALUE;

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame)
        throwAvError(path, "av_packet_alloc", AVERROR(ENOMEM));
    auto drain = [&] {
        for (;;) {
            const int r = avcodec_receive_frame(dec.get(), frame.get());
            if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
                return;
            checkAv(r, path, "avcodec_receive_frame");
            if (info.frameCount == 0) {
                info.width = frame->width;
                info.height = frame->height;
                const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
                info.pixelFormat = name ? name : "unknown";
            }
            const int64_t pts = frame->best_effort_timestamp;
            if (pts != AV_NOPTS_VALUE) {
                const int64_t end = pts + std::max<int64_t>(0, frameDuration(frame.get()));
                firstPts = firstPts == AV_NOPTS_VALUE ? pts : std::min(firstPts, pts);
                endPts = endPts == AV_NOPTS_VALUE ? end : std::max(endPts, end);
            }
            if (info.frameCount == captureFrame) {
                info.capturedFrame = captureFrame;
                info.width = frame->width;
                info.height = frame->height;
                info.frameRgb = toRgb24(frame.get(), path);
            }
            ++info.frameCount;
            av_frame_unref(frame.get());
        }
    };
    for (;;) {
        err = av_read_frame(input.get(), packet.get());
        if (err == AVERROR_EOF)
            break;
        checkAv(err, path, "av_read_frame");
        if (packet->stream_index == si) {
            const int r = avcodec_send_packet(dec.get(), packet.get());
            av_packet_unref(packet.get());
            checkAv(r, path, "avcodec_send_packet");
            drain();
        } else {
            av_packet_unref(packet.get());
        }
    }
    checkAv(avcodec_send_packet(dec.get(), nullptr), path, "avcodec_send_packet(end)");
    drain();

    if (firstPts != AV_NOPTS_VALUE && endPts > firstPts)
        info.duration = static_cast<double>(endPts - firstPts) * av_q2d(stream->time_base);
    else if (input->duration > 0)
        info.duration = static_cast<double>(input->duration) / AV_TIME_BASE;
    if (info.duration > 0 && info.frameCount > 0)
        info.fps = info.frameCount / info.duration;
    else if (stream->avg_frame_rate.num > 0 && stream->avg_frame_rate.den > 0)
        info.fps = av_q2d(stream->avg_frame_rate);
    if (captureFrame >= 0 && info.capturedFrame < 0)
        throw ArgumentError(path + ": frame " + std::to_string(captureFrame) + " was asked for, the video has " +
                            std::to_string(info.frameCount) + " frames");
    return info;
}

} // namespace lantern::io
