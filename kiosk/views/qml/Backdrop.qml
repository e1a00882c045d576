import QtQuick
import Lantern

// The calm pictures behind the home screen, crossfading slowly; the models decide which picture and when.
// The fade is stepped 15 times a second rather than every frame: over several seconds the steps cannot be
// seen, and the software renderer repaints the whole screen at each one, so this costs a quarter of the CPU.
// Qt asks the provider for a picture on the GUI thread (a loader thread waiting for Python while the engine is
// torn down could deadlock), so the provider decodes the next picture ahead on a thread of its own.
Item {
    id: backdrop

    property url source: Imagery.source
    property Image front: first
    property Image back: second
    property real mix: 1
    readonly property real eased: 0.5 - 0.5 * Math.cos(Math.PI * mix)
    readonly property int fadeMs: Imagery.crossfade_ms * Theme.motion.scale

    function bringIn() {
        if (front.source === source)
            return;
        if (back.source === source && back.status === Image.Ready)
            crossfade(back);
        else
            back.source = source;
    }

    function crossfade(incoming) {
        if (incoming !== back || incoming.source !== source)
            return;
        back = front;
        front = incoming;
        mix = 0;
        if (fadeMs > 0)
            fader.start();
        else
            mix = 1;
    }

    onSourceChanged: bringIn()
    Component.onCompleted: first.source = source
    clip: true

    Image {
        id: first
        objectName: "picture_a"
        anchors.fill: parent
        z: backdrop.front === first ? 1 : 0
        opacity: backdrop.front === first ? backdrop.eased : 1
        visible: backdrop.front === first || backdrop.mix < 1
        sourceSize: Qt.size(backdrop.width, backdrop.height)
        fillMode: Image.PreserveAspectCrop
        onStatusChanged: if (status === Image.Ready) backdrop.crossfade(first)
    }
    Image {
        id: second
        objectName: "picture_b"
        anchors.fill: parent
        z: backdrop.front === second ? 1 : 0
        opacity: backdrop.front === second ? backdrop.eased : 1
        visible: backdrop.front === second || backdrop.mix < 1
        sourceSize: Qt.size(backdrop.width, backdrop.height)
        fillMode: Image.PreserveAspectCrop
        onStatusChanged: if (status === Image.Ready) backdrop.crossfade(second)
    }

    Timer {
        id: fader
        interval: 66
        repeat: true
        running: false
        onTriggered: {
            backdrop.mix = Math.min(1, backdrop.mix + interval / backdrop.fadeMs);
            if (backdrop.mix >= 1)
                stop();
        }
    }
}
