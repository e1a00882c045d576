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

    signal activated()

    implicitWidth: Math.max(Theme.size.target, label.implicitWidth + 2 * Theme.size.pad)
    implicitHeight: Math.max(Theme.size.target, label.implicitHeight + Theme.size.pad * 0.6)
    radius: Theme.size.radius
    color: tap.pressed ? Theme.color.raised_on : fill
    border.width: selected ? Theme.size.ring : 0
    border.color: Theme.color.calm
    opacity: enabled ? 1 : 0.45

    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: button.activated()

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: Theme.size.pad
        anchors.rightMargin: Theme.size.pad
        text: button.text
        color: button.ink
        font.family: Theme.font.family
        font.pixelSize: button.fontSize
        font.weight: Font.DemiBold
        lineHeightMode: Text.FixedHeight
        lineHeight: Math.round(font.pixelSize * 1.15)
        wrapMode: Text.WordWrap
        horizontalAlignment: button.align
        verticalAlignment: Text.AlignVCenter
    }

    TapHandler {
        id: tap
        gesturePolicy: TapHandler.ReleaseWithinBounds
        onTapped: button.activated()
    }
}
