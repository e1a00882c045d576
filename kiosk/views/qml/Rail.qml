import QtQuick
import QtQuick.Layouts
import Lantern

// The buttons every screen shares: home, language, larger text, read aloud and pause pictures, each with
// its icon. In a side column (home on top, the rest at the foot), or in rows that wrap when the screen is
// too narrow for one. Home keeps its place on the home screen (unlit), so nothing moves between screens.
// On a tablet stood upright whose row cannot hold every button, the row is folded to Home and More, and
// More opens the others in a sheet over the page (`OptionsSheet`, which holds a second Rail with
// `settingsOnly`).
GridLayout {
    id: rail

    property bool vertical: true
    property bool settingsOnly: false
    readonly property int settings: Speech.present ? 4 : 3
    // How many buttons one row holds: a tablet stood upright whose row cannot hold them all folds them
    // (two rows would take the room the call's words need).
    readonly property int fits: Math.floor((width + Theme.size.gap) / (Theme.size.control + Theme.size.gap))
    readonly property bool folded: !vertical && !settingsOnly && Theme.portrait && !!Words.ui.more && fits < settings + 1
    readonly property int count: folded ? 2 : settingsOnly ? settings : settings + 1
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
        // In rows the buttons are narrow (never wider than about 40 mm on the panels clinics buy): icon above.
        iconAbove: !inColumn
    }

    Shared {
        inColumn: rail.vertical
        objectName: "nav_home"
        visible: !rail.settingsOnly
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
        objectName: rail.settingsOnly ? "sheet_language" : "language"
        icon: "language"
        visible: !rail.folded
        text: Words.other_language_name
        onActivated: Words.toggle_language()
    }
    Shared {
        inColumn: rail.vertical
        objectName: rail.settingsOnly ? "sheet_larger_text" : "larger_text"
        icon: "larger"
        visible: !rail.folded
        text: Words.ui.larger_text
        selected: Session.larger_text
        onActivated: Session.toggle_larger_text()
    }
    Shared {
        inColumn: rail.vertical
        objectName: rail.settingsOnly ? "sheet_read_aloud" : "read_aloud"
        icon: "speak"
        text: Speech.on ? Words.ui.stop_reading : Words.ui.read_aloud
        selected: Speech.on
        visible: Speech.present && !rail.folded
        opacity: Speech.available ? 1 : 0
        enabled: Speech.available
        onActivated: Speech.toggle()
    }
    Shared {
        inColumn: rail.vertical
        objectName: rail.settingsOnly ? "sheet_pause_pictures" : "pause_pictures"
        icon: "pause"
        visible: !rail.folded
        text: Words.ui.pause_pictures
        selected: Session.pictures_paused
        onActivated: Session.toggle_pictures()
    }
    Shared {
        inColumn: false
        objectName: "more"
        visible: rail.folded
        icon: "more"
        text: Words.ui.more ?? ""
        selected: Session.options_open
        onActivated: Session.toggle_options()
    }
}
