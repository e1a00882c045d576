pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// The guided way through hard feelings: kind words, breathing, grounding step by step, then an offer of help.
// Only the patient moves it on; Back (beside Next) and Home always lead gently out.
ScreenPage {
    id: flow

    readonly property var words: Words.screens.feelings

    Item {
        id: steps
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.bottomMargin: back.height + Theme.size.gap

        ScreenPage {
            objectName: "step_words"
            anchors.fill: parent
            active: Session.step === Session.Words

            Heading {
                id: title
                width: parent.width
                level: "title"
                text: flow.words.title
            }
            ScrollPage {
                anchors.fill: parent
                anchors.topMargin: title.height + Theme.size.gap

                Repeater {
                    model: flow.words.sections
                    Card {
                        required property var modelData
                        width: parent.width
                        heading: modelData.heading
                        body: modelData.body
                    }
                }
            }
        }

        BreathingPacer {
            objectName: "step_breathing"
            anchors.fill: parent
            active: Session.step === Session.Breathing
        }

        Repeater {
            model: flow.words.grounding.steps
            Grounding {
                required property var modelData
                required property int index
                objectName: "step_grounding_" + index
                anchors.fill: parent
                active: Session.step === Session.Grounding && Session.grounding === index
                first: index === 0
                count: modelData.count
                prompt: modelData.prompt
            }
        }

        ScreenPage {
            objectName: "step_finished"
            anchors.fill: parent
            active: Session.step === Session.Finished

            Heading {
                anchors.verticalCenter: parent.verticalCenter
                width: Math.min(parent.width, Theme.mm * 170)
                level: "title"
                text: flow.words.grounding.finished
            }
        }

        CallOffer {
            objectName: "step_offer"
            anchors.fill: parent
            active: Session.step === Session.Offer
        }
    }

    CalmButton {
        id: back
        objectName: "flow_back"
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        width: Math.max(implicitWidth, Theme.mm * 32)
        text: Words.ui.back
        fontSize: Theme.font.action
        onActivated: Session.back()
    }

    Row {
        id: moves
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        spacing: Theme.size.gap

        CalmButton {
            objectName: "flow_start_again"
            visible: Session.can_start_again
            text: Words.ui.start_again
            fontSize: Theme.font.action
            onActivated: Session.start_again()
        }
        CalmButton {
            objectName: "flow_next"
            visible: Session.can_go_forward
            width: Math.max(implicitWidth, Theme.mm * 40)
            text: Words.ui.next
            fontSize: Theme.font.action
            selected: true
            onActivated: Session.forward()
        }
    }
}
