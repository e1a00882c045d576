import QtQuick
import Lantern

// Content that may be taller than the screen, moved by big arrow buttons (swiping works too, but is never needed).
Item {
    id: scroller

    default property alias content: column.data
    property alias spacing: column.spacing
    // Arrows only when the words do not fit. Decided a moment later, because showing the arrows narrows
    // the text and so changes its height: deciding at once would be a binding loop. When the page or its
    // words change, the arrows go and the page is measured again at full width.
    property bool scrollable: false

    function measure() {
        scrollable = flick.contentHeight > flick.height + 1;
    }

    function remeasure() {
        scrollable = false;
        Qt.callLater(measure);
    }

    onWidthChanged: remeasure()
    onHeightChanged: remeasure()

    Connections {
        target: Words
        function onChanged() { scroller.remeasure(); }
    }
    Connections {
        target: Theme
        function onChanged() { scroller.remeasure(); }
    }

    Connections {
        target: Visit
        function onFresh() { scroller.toTop(); }
    }

    function toTop() {
        glide.stop();
        flick.contentY = 0;
    }

    function scrollBy(pages) {
        glide.to = Math.max(0, Math.min(flick.contentHeight - flick.height, flick.contentY + pages * flick.height * 0.8));
        glide.restart();
    }

    Flickable {
        id: flick
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.right: scroller.scrollable ? arrows.left : parent.right
        anchors.rightMargin: scroller.scrollable ? Theme.size.gap : 0
        contentHeight: column.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        onContentHeightChanged: Qt.callLater(scroller.measure)

        Column {
            id: column
            width: flick.width
            spacing: Theme.size.gap
        }
    }

    // One above the other down the side; side by side at the top where the page is too short for that.
    Item {
        id: arrows
        readonly property bool stacked: scroller.height >= 2 * Theme.size.target + Theme.size.gap
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        width: stacked ? Theme.size.target : 2 * Theme.size.target + Theme.size.gap
        visible: scroller.scrollable

        ArrowButton {
            objectName: "scroll_up"
            anchors.top: parent.top
            up: true
            enabled: !flick.atYBeginning
            onActivated: scroller.scrollBy(-1)
        }
        ArrowButton {
            objectName: "scroll_down"
            anchors.right: parent.right
            y: arrows.stacked ? parent.height - height : 0
            up: false
            enabled: !flick.atYEnd
            onActivated: scroller.scrollBy(1)
        }
    }

    NumberAnimation {
        id: glide
        target: flick
        property: "contentY"
        duration: Theme.motion.scroll
        easing.type: Easing.InOutQuad
    }
}
