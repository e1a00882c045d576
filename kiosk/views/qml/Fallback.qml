pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// Shown only if the kiosk's own screens fail to load: a calm colour, the help call, and its state.
// Kept tiny and self-contained (no other Lantern QML file), so whatever broke the main screens cannot break this one.
Window {
    id: window

    color: Theme.color.background

    Column {
        id: column
        x: window.width * 0.1
        y: (window.height - height) / 2
        width: window.width * 0.8
        spacing: window.height * 0.04

        Text {
            width: column.width
            text: HelpCall.showing ? Words.help[HelpCall.state].title : Words.help.button
            color: Theme.color.text
            font.pixelSize: window.height * 0.06
            wrapMode: Text.WordWrap
        }
        Row {
            width: column.width
            spacing: column.width * 0.05

            Repeater {
                model: HelpCall.kinds
                Rectangle {
                    id: button
                    required property var modelData
                    objectName: "fallback_" + modelData.name
                    width: column.width * 0.475
                    height: window.height * 0.25
                    radius: height * 0.1
                    color: modelData.urgent ? Theme.color.alert : Theme.color.alert_soft
                    border.width: height * 0.03
                    border.color: Theme.color.alert_ring

                    Text {
                        anchors.fill: parent
                        anchors.margins: parent.height * 0.1
                        text: Words.help[button.modelData.name].label
                        color: Theme.color.alert_text
                        font.pixelSize: window.height * 0.05
                        font.bold: true
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                    TapHandler {
                        onTapped: HelpCall.press(button.modelData.kind)
                    }
                }
            }
        }
    }
}
