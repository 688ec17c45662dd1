// The timeline: one current frame, no echo when set from outside, keys, playback with and without loop.
#include "lantern/widgets/timeline.h"

#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

using lantern::widgets::Timeline;

class TestTimeline : public QObject {
    Q_OBJECT

private slots:
    void framesAndCurrent()
    {
        Timeline t;
        QSignalSpy changed(&t, &Timeline::currentChanged);
        QCOMPARE(t.current(), -1);
        t.setFrames({"epoch 0", "epoch 1", "epoch 2", "epoch 3", "epoch 4"});
        QCOMPARE(t.current(), 4); // a new store starts at its last frame
        QCOMPARE(changed.count(), 1);
        t.setCurrent(2);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.last().at(0).toInt(), 2);
        QCOMPARE(t.slider()->value(), 2);
        t.setCurrent(2); // no change, no signal
        QCOMPARE(changed.count(), 2);
        t.setCurrent(99); // clamped
        QCOMPARE(t.current(), 4);
        t.slider()->setValue(1); // the user drags
        QCOMPARE(t.current(), 1);
        QCOMPARE(changed.last().at(0).toInt(), 1);
        t.setFrames({"a", "b"}); // the current frame still exists: kept, but announced (new content)
        QCOMPARE(t.current(), 1);
        QCOMPARE(changed.last().at(0).toInt(), 1);
        t.setFrames({});
        QCOMPARE(t.current(), -1);
        QVERIFY(!t.slider()->isEnabled());
    }

    void keys()
    {
        Timeline t;
        QStringList labels;
        for (int i = 0; i < 30; ++i)
            labels << QString::number(i);
        t.setFrames(labels);
        QTest::keyClick(&t, Qt::Key_Home);
        QCOMPARE(t.current(), 0);
        QTest::keyClick(&t, Qt::Key_Right);
        QTest::keyClick(&t, Qt::Key_Right);
        QCOMPARE(t.current(), 2);
        QTest::keyClick(&t, Qt::Key_PageDown);
        QCOMPARE(t.current(), 12);
        QTest::keyClick(&t, Qt::Key_Left);
        QCOMPARE(t.current(), 11);
        QTest::keyClick(&t, Qt::Key_End);
        QCOMPARE(t.current(), 29);
        QTest::keyClick(&t, Qt::Key_Space);
        QVERIFY(t.isPlaying());
        QTest::keyClick(&t, Qt::Key_Space);
        QVERIFY(!t.isPlaying());
    }

    void playback_data()
    {
        QTest::addColumn<bool>("loop");
        QTest::newRow("loop") << true;
        QTest::newRow("once") << false;
    }

    void playback()
    {
        QFETCH(bool, loop);
        Timeline t;
        t.setFrames({"0", "1", "2", "3"});
        t.setCurrent(1);
        t.setLoop(loop);
        t.setFramesPerSecond(60);
        QCOMPARE(t.framesPerSecond(), 60.0);
        QSignalSpy changed(&t, &Timeline::currentChanged);
        QSignalSpy playing(&t, &Timeline::playingChanged);
        t.setPlaying(true);
        if (loop) {
            // 1 -> 2 -> 3 -> 0 (wraps) -> 1 ...
            QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 4, 3000);
            QCOMPARE(changed.at(0).at(0).toInt(), 2);
            QCOMPARE(changed.at(2).at(0).toInt(), 0);
            QVERIFY(t.isPlaying());
            t.setPlaying(false);
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(!t.isPlaying(), 3000); // stops at the last frame
            QCOMPARE(t.current(), 3);
            QCOMPARE(playing.last().at(0).toBool(), false);
            t.setPlaying(true); // from the end without loop: starts over
            QCOMPARE(t.current(), 0);
            t.setPlaying(false);
        }
    }
};

QTEST_MAIN(TestTimeline)
#include "test_timeline.moc"
