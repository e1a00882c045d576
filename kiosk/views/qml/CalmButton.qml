import QtQuick
import Lantern

// Lantern's button: at least 16 mm, one tap (no double taps, no long presses), words from the models.
Rectangle {
    id: button

    property string text
    property bool selected: false
    property real fontSize: Theme.font.label
    property color fill: selected ? Theme.color.raised_on : Theme.color.raised
    property color ink: Theme.color.text
    property int align: Text.AlignHCenter
    // An icon, when it has one: beside the words, or above them in a row of narrow buttons.
    property string icon
    property bool iconAbove: false
    readonly property real iconSize: icon === "" ? 0 : Theme.mm * (Theme.compact ? 5 : 6.5)

    signal activated()

    implicitWidth: Math.max(Theme.size.target, label.implicitWidth + 2 * Theme.size.pad + (iconAbove ? 0 : iconSize))
    implicitHeight: Math.max(Theme.size.target,
                             label.implicitHeight + Theme.size.pad * 0.6 + (iconAbove ? iconSize + Theme.size.gap / 2 : 0))
    radius: Theme.size.radius
    color: tap.pressed ? Theme.color.raised_on : fill
    border.width: selected ? Theme.size.ring : 0
    border.color: Theme.color.calm
    opacity: enabled ? 1 : 0.45

    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: button.activated()

    Icon {
        id: glyph
        visible: button.icon !== ""
        name: button.icon
        ink: button.ink
        width: button.iconSize
        height: button.iconSize
        x: button.iconAbove ? (button.width - width) / 2 : Theme.size.pad * 0.6
        y: button.iconAbove ? (button.height - height - label.contentHeight - Theme.size.gap / 2) / 2 : (button.height - height) / 2
    }

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: Theme.size.pad * (button.icon !== "" ? 0.5 : 1) + (button.iconAbove ? 0 : glyph.x + button.iconSize)
        anchors.rightMargin: Theme.size.pad * (button.icon !== "" ? 0.5 : 1)
        anchors.topMargin: button.iconAbove ? glyph.y + button.iconSize + Theme.size.gap / 2 : 0
        text: button.text
        color: button.ink
        font.family: Theme.font.family
        font.pixelSize: button.fontSize
        font.weight: Font.DemiBold
        lineHeightMode: Text.FixedHeight
        lineHeight: Math.round(font.pixelSize * 1.15)
        wrapMode: Text.WordWrap
        horizontalAlignment: button.icon !== "" && !button.iconAbove ? Text.AlignLeft : button.align
        verticalAlignment: button.iconAbove ? Text.AlignTop : Text.AlignVCenter
    }

    TapHandler {
        id: tap
        gesturePolicy: TapHandler.ReleaseWithinBounds
        onTapped: button.activated()
    }
}
