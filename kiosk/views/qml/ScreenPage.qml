import QtQuick
import Lantern

// A page that fades in when it becomes active; hidden pages take no taps and run no animations.
Item {
    id: page

    property bool active: false
    // Each visit starts afresh (a long page at its top), never where the last patient left it.
    signal opened()
    onActiveChanged: if (active) page.opened()
    property int fadeMs: Session.drifting ? Theme.motion.drift_home : Theme.motion.page

    opacity: active ? 1 : 0
    visible: opacity > 0
    enabled: active

    Behavior on opacity {
        NumberAnimation { duration: page.fadeMs; easing.type: Easing.InOutQuad }
    }
}
