import QtQuick
import QtQuick.Layouts
import Lantern

// The buttons every screen shares: home, language, larger text, read aloud and pause pictures, each with
// its icon. In a side column (home on top, the rest at the foot), or in rows that wrap when the screen is
// too narrow for one. Home keeps its place on the home screen (unlit), so nothing moves between screens.
GridLayout {
    id: rail

    property bool vertical: true
    readonly property int count: Speech.present ? 5 : 4
    readonly property int perRow: Math.max(1, Math.min(count, Math.floor((width + Theme.size.gap) / (Theme.size.control + Theme.size.gap))))

    columns: vertical ? 1 : Math.ceil(count / Math.ceil(count / perRow))
    columnSpacing: Theme.size.gap
    // A tall column of five needs every millimetre: there the gaps are at the 3 mm floor (plus a little).
    rowSpacing: vertical ? Theme.mm * 3.3 : Theme.size.gap

    // One of the shared buttons: in the column, words beside the icon in small type; in rows, under it.
    component Shared: CalmButton {
        required property bool inColumn
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.fillHeight: !inColumn
        fontSize: inColumn ? Theme.font.small : Theme.font.label
        // Beside the words where the button is wide enough, so a row of them stays low.
        iconAbove: !inColumn && width < Theme.mm * 44
    }

    Shared {
        inColumn: rail.vertical
        objectName: "nav_home"
        icon: "home"
        opacity: Session.at_home ? 0 : 1
        enabled: !Session.at_home
        text: Words.ui.home
        onActivated: Session.home()
    }
    Item {
        visible: rail.vertical
        Layout.fillHeight: true
    }
    Shared {
        inColumn: rail.vertical
        objectName: "language"
        icon: "language"
        text: Words.other_language_name
        onActivated: Words.toggle_language()
    }
    Shared {
        inColumn: rail.vertical
        objectName: "larger_text"
        icon: "larger"
        text: Words.ui.larger_text
        selected: Session.larger_text
        onActivated: Session.toggle_larger_text()
    }
    Shared {
        inColumn: rail.vertical
        objectName: "read_aloud"
        icon: "speak"
        text: Speech.on ? Words.ui.stop_reading : Words.ui.read_aloud
        selected: Speech.on
        visible: Speech.present
        opacity: Speech.available ? 1 : 0
        enabled: Speech.available
        onActivated: Speech.toggle()
    }
    Shared {
        inColumn: rail.vertical
        objectName: "pause_pictures"
        icon: "pause"
        text: Words.ui.pause_pictures
        selected: Session.pictures_paused
        onActivated: Session.toggle_pictures()
    }
}
