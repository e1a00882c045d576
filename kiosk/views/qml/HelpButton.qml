import QtQuick
import Lantern

// One kind of help call. The only element in Lantern drawn in the alert colours; one tap calls.
Rectangle {
    id: button

    property int kind
    property string text
    property bool urgent: false

    implicitHeight: Math.max(Theme.size.help, label.implicitHeight + Theme.size.pad * 0.8)
    radius: Theme.size.radius * 1.5
    color: urgent ? Theme.color.alert : Theme.color.alert_soft
    border.width: Theme.size.ring * 1.5
    border.color: Theme.color.alert_ring

    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: HelpCall.press(kind)

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: Theme.size.pad
        anchors.rightMargin: Theme.size.pad
        anchors.topMargin: Theme.size.pad * 0.4
        anchors.bottomMargin: Theme.size.pad * 0.4
        text: button.text
        color: Theme.color.alert_text
        font.family: Theme.font.family
        font.pixelSize: Theme.font.action
        font.weight: Font.Bold
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        lineHeightMode: Text.FixedHeight
        lineHeight: Math.round(font.pixelSize * 1.15)
    }

    TapHandler {
        gesturePolicy: TapHandler.ReleaseWithinBounds
        onTapped: HelpCall.press(button.kind)
    }
}
