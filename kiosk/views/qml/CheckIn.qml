pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The gentle check-in: one question and three big answers on a calm card at the foot of the page. It
// fades in slowly, never covers the help buttons, and the model takes it away by itself.
Item {
    id: checkIn

    visible: opacity > 0
    opacity: Visit.checking_in ? 1 : 0

    Behavior on opacity {
        NumberAnimation { duration: Theme.motion.drift_home }
    }

    TapHandler {
        // Taps between the answers go nowhere, not to the page underneath.
    }

    Rectangle {
        id: card
        objectName: "check_in_card"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: Math.min(parent.height, column.implicitHeight + 2 * Theme.size.pad)
        radius: Theme.size.radius * 2
        color: Theme.color.background
        border.width: Theme.size.ring
        border.color: Theme.color.calm

        ColumnLayout {
            id: column
            x: Theme.size.pad
            y: Theme.size.pad
            width: card.width - 2 * Theme.size.pad
            spacing: Theme.size.gap

            Heading {
                objectName: "check_in_question"
                Layout.fillWidth: true
                level: "title"
                text: Visit.question
            }
            GridLayout {
                Layout.fillWidth: true
                columns: Theme.portrait || Theme.compact ? 1 : 3
                columnSpacing: Theme.size.gap
                rowSpacing: Theme.size.gap

                Repeater {
                    model: Visit.answers

                    CalmButton {
                        required property var modelData
                        objectName: "check_in_" + modelData.answer
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        text: modelData.label
                        fontSize: Theme.font.action
                        onActivated: Visit.answer(modelData.answer)
                    }
                }
            }
        }
    }
}
